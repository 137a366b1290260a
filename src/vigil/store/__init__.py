"""vigil.store stage."""
