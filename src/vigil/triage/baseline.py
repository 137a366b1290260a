"""Baselines: the fingerprints accepted as already existing, so only new findings fail a gate.

A baseline file is ``{"version": 1, "created": "YYYY-MM-DD", "fingerprints": [...sorted...]}``.
A previous ``vigil report --format json`` output can serve as a baseline too: any JSON object
with a top-level ``findings`` list whose items carry a ``fingerprint`` (items whose ``status``
is ``fixed`` are left out, since a fixed finding that comes back is a regression).

Fingerprints survive line shifts (see ``triage.identity``), so a baseline keeps matching while
the code around a finding moves. ``mark_known`` applies a baseline before the policy stage.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from vigil.errors import TriageError
from vigil.model import FindingRecord, Status

#: The baseline file format version this code writes and reads.
BASELINE_VERSION = 1


class BaselineError(TriageError):
    """A baseline file could not be read or written, or has the wrong shape."""


@dataclass(frozen=True, slots=True)
class Baseline:
    """Fingerprints known before; ``created`` is None for a baseline read from a report."""

    fingerprints: frozenset[str]
    created: date | None = None

    def __contains__(self, fingerprint: object) -> bool:
        return fingerprint in self.fingerprints

    def __len__(self) -> int:
        return len(self.fingerprints)


def baseline_from_records(records: Iterable[FindingRecord], created: date) -> Baseline:
    """Everything in ``records`` that is not fixed becomes known."""
    return Baseline(
        frozenset(r.fingerprint for r in records if r.status is not Status.FIXED), created
    )


def mark_known(records: Sequence[FindingRecord], baseline: Baseline) -> list[FindingRecord]:
    """The records with ``is_new`` cleared for every fingerprint in the baseline.

    A record already known (``is_new`` false, e.g. seen by an earlier stored import) stays
    known: the baseline can only make findings old, never new.
    """
    return [
        replace(r, is_new=False) if r.is_new and r.fingerprint in baseline else r for r in records
    ]


def dump_baseline(baseline: Baseline) -> bytes:
    """The baseline file's bytes: sorted fingerprints, so diffs in review stay readable."""
    document = {
        "version": BASELINE_VERSION,
        "created": baseline.created.isoformat() if baseline.created else None,
        "fingerprints": sorted(baseline.fingerprints),
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def write_baseline(path: Path, baseline: Baseline) -> None:
    """Write the baseline atomically, so an interrupted run never leaves half a file."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(dump_baseline(baseline))
        # mkstemp creates the file private; a baseline is meant to be committed and shared.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None


def load_baseline(path: Path) -> frozenset[str]:
    """The fingerprints of the baseline (or vigil JSON report) at ``path``."""
    return read_baseline(path).fingerprints


def read_baseline(path: Path) -> Baseline:
    """Read a baseline file, or a vigil JSON report used as one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc.strerror or exc})") from None
    return parse_baseline(data, str(path))


def parse_baseline(data: bytes, name: str) -> Baseline:
    """Decode baseline bytes; ``name`` is used in error messages."""
    if not data.strip():
        raise BaselineError(f"{name}: the baseline file is empty")
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise BaselineError(f"{name}: not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise BaselineError(f"{name}: expected a JSON object (a baseline or a vigil JSON report)")
    if "fingerprints" in document:
        return _from_baseline_file(document, name)
    if isinstance(document.get("findings"), list):
        return _from_report(document["findings"], name)
    raise BaselineError(f"{name}: neither a baseline ('fingerprints') nor a report ('findings')")


def _from_baseline_file(document: dict[str, Any], name: str) -> Baseline:
    version = document.get("version")
    if version != BASELINE_VERSION or isinstance(version, bool):
        raise BaselineError(f"{name}: unsupported baseline version {version!r} (expected 1)")
    fingerprints = document["fingerprints"]
    if not isinstance(fingerprints, list):
        raise BaselineError(f"{name}: 'fingerprints' must be a list")
    for number, fingerprint in enumerate(fingerprints, start=1):
        if not isinstance(fingerprint, str) or not fingerprint.strip():
            raise BaselineError(f"{name}: fingerprints[{number}] is not a fingerprint")
    created = document.get("created")
    day = None
    if created is not None:
        try:
            day = date.fromisoformat(str(created)[:10])
        except ValueError:
            raise BaselineError(f"{name}: 'created' is not a date: {created!r}") from None
    return Baseline(frozenset(f.strip() for f in fingerprints), day)


def _from_report(findings: list[Any], name: str) -> Baseline:
    known: set[str] = set()
    for number, item in enumerate(findings, start=1):
        fingerprint = item.get("fingerprint") if isinstance(item, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint.strip():
            raise BaselineError(f"{name}: findings[{number}] has no 'fingerprint'")
        if item.get("status") != Status.FIXED.value:
            known.add(fingerprint.strip())
    return Baseline(frozenset(known))
