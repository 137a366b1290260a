"""vigil.report stage."""
