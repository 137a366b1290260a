"""External SAST engines that ``vigil scan`` runs as subprocesses when they are installed:
Bandit for Python and Semgrep with vigil's own JavaScript/TypeScript rule pack and the user's
rules. Their reports are read by the ingest parsers of the same tools."""
