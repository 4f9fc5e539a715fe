"""Escaping and content-security helpers for untrusted catalogue text."""
