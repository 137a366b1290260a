"""vigil.monitor stage."""
