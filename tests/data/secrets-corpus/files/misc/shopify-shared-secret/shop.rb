SECRET = "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"
