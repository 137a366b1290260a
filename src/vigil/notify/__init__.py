"""vigil.notify stage."""
