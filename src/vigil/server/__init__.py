"""vigil.server stage."""
