"""Dependency inventories from manifests, lockfiles and installed trees, one module per format."""
