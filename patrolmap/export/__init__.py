"""Maps for reports: static figures (matplotlib), HTML embeds and browser snapshots."""
