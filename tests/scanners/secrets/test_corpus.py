"""Precision and recall on the labelled corpus (``tests/data/secrets-corpus``), as exact
counts: a change that finds one more or one fewer secret shows up here."""

from __future__ import annotations

from tests.scanners.secrets.corpus import FILES, labels, score
from vigil.scanners.interface import ScanRequest
from vigil.scanners.secrets.scanner import SecretsScanner


def test_corpus_has_enough_secrets_and_hard_negatives() -> None:
    truth = labels()
    assert sum(label.secret for label in truth) == 223
    assert sum(not label.secret for label in truth) == 235


def test_precision_and_recall_on_the_corpus() -> None:
    outcome = SecretsScanner().scan(ScanRequest(root=FILES))
    assert outcome.errors == []
    result = score(
        ((f.location.path, f.location.start_line) for f in outcome.findings if f.location),
        labels(),
    )
    assert result.false_positives == []
    # The one secret missed: a 32-hex-digit key assigned to ALGOLIA_ADMIN_KEY, a name that
    # says neither secret, token, key of a known kind nor password.
    assert [(m.file, m.first) for m in result.missed] == [("web/src/api/client.ts", 5)]
    assert result.true_positives == 222
