"""vigil.advisories stage."""
