"""vigil: an open, local-first DevSecOps platform."""

__version__ = "0.1.0"
