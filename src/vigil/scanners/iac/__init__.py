"""vigil's own IaC and CI/CD pipeline configuration checks (``vigil scan --only iac``)."""
