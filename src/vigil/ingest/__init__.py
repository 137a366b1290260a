"""vigil.ingest stage."""
