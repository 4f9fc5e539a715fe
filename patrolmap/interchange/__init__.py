"""Data in and out of patrolmap: KML/KMZ, GeoPackage, GeoJSON and CSV export, and importing tracks.

export: join result → provenance records (provenance.py) → one writer per format (formats.py).
import: a track file → lines (readers.py) → new legs appended to a catalogue's routes (importer.py).
"""
