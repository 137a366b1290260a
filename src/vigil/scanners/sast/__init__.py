"""vigil's own SAST engine for Python: tree-sitter syntax trees lowered into a small IR
(``ir``, ``lower``), flow-sensitive taint tracking with constant folding over it
(``values``, ``evaluate``, ``calls``, ``interp``), function summaries across the modules of
the scanned tree (``project``), the library knowledge in ``rules`` and the scanner that
``vigil scan`` runs (``scanner``). See docs/scanning/sast.md."""
