"""vigil's own secrets detector: provider-specific rules with checksum validation, keyword
context and entropy for generic secrets, filters for placeholders and look-alikes, the working
tree and the git history. A secret never leaves this package in clear: findings carry a redacted
snippet and the sha256 of the secret."""
