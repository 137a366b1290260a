"""vigil.cli stage."""
