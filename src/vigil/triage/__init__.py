"""vigil.triage stage."""
