"""vigil.policy stage."""
