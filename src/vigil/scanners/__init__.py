"""vigil.scanners stage."""
