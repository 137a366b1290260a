"""CISA's Known Exploited Vulnerabilities (KEV) catalog: the CVEs attackers exploit today.

Reads the catalog's JSON feed (https://www.cisa.gov/sites/default/files/feeds/
known_exploited_vulnerabilities.json, mirrored at github.com/cisagov/kev-data) as published
since 2021: ``{"title", "catalogVersion", "dateReleased", "count", "vulnerabilities": [{"cveID",
"vendorProject", "product", "vulnerabilityName", "dateAdded", "shortDescription",
"requiredAction", "dueDate", "knownRansomwareCampaignUse", "notes", "cwes"}]}``; tested with
catalog version 2025.08.25. Nothing here touches the network: the file is fetched by whoever
runs vigil (a CI step, a cron job) and named by the policy's ``kev_catalog`` or by
``VIGIL_KEV_CATALOG``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from vigil.errors import AdvisoryError

#: The environment variable naming a catalog file; it wins over the policy's ``kev_catalog``.
ENV_VAR = "VIGIL_KEV_CATALOG"
#: The published catalog is about 1.5 MB; anything far larger is not the catalog.
MAX_CATALOG_BYTES = 64 * 1024 * 1024

_CVE = re.compile(r"CVE-\d{4}-\d{4,}")
_CWE = re.compile(r"CWE-(\d+)")


class KevError(AdvisoryError):
    """The KEV catalog file could not be read or is not CISA's catalog format."""


@dataclass(frozen=True, slots=True)
class KevEntry:
    """One catalog entry; dates are None when the catalog leaves them out or garbles them."""

    cve_id: str
    vendor_project: str = ""
    product: str = ""
    name: str = ""
    date_added: date | None = None
    due_date: date | None = None
    required_action: str = ""
    ransomware: bool = False
    cwes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class KevCatalog:
    """The catalog: its version, release day and entries by upper-case CVE id."""

    version: str
    released: date | None
    entries: Mapping[str, KevEntry]

    @property
    def cve_ids(self) -> frozenset[str]:
        return frozenset(self.entries)

    def __contains__(self, cve_id: object) -> bool:
        return isinstance(cve_id, str) and cve_id.strip().upper() in self.entries

    def __len__(self) -> int:
        return len(self.entries)


def catalog_path(configured: Path | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The catalog to read: ``VIGIL_KEV_CATALOG`` if set, else the policy's ``kev_catalog``.

    The variable wins so a CI job can point at the copy it just downloaded while the policy
    in the repository names a fallback.
    """
    value = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else configured


def load_kev(path: Path) -> frozenset[str]:
    """The upper-case CVE ids of the catalog at ``path`` (what the gate's KEV rule needs)."""
    return read_catalog(path).cve_ids


def read_catalog(path: Path) -> KevCatalog:
    """Read and validate the catalog file at ``path``."""
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise KevError(f"{path}: {size:,} bytes is too large for a KEV catalog")
        data = path.read_bytes()
    except OSError as exc:
        raise KevError(f"{path}: cannot read the KEV catalog ({exc.strerror or exc})") from None
    return parse_catalog(data, str(path))


def parse_catalog(data: bytes, name: str) -> KevCatalog:
    """Validate catalog JSON; ``name`` is used in error messages."""
    if not data.strip():
        raise KevError(f"{name}: the KEV catalog file is empty")
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise KevError(f"{name}: the KEV catalog is not valid JSON ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("vulnerabilities"), list):
        raise KevError(f"{name}: not a KEV catalog (no 'vulnerabilities' list)")
    entries: dict[str, KevEntry] = {}
    for number, item in enumerate(document["vulnerabilities"], start=1):
        entry = _entry(item)
        if entry is None:
            raise KevError(f"{name}: vulnerabilities[{number}] has no valid 'cveID'")
        entries[entry.cve_id] = entry
    return KevCatalog(
        version=str(document.get("catalogVersion") or ""),
        released=_day(document.get("dateReleased")),
        entries=entries,
    )


def _entry(item: Any) -> KevEntry | None:
    if not isinstance(item, dict):
        return None
    cve_id = item.get("cveID")
    if not isinstance(cve_id, str) or not _CVE.fullmatch(cve_id.strip().upper()):
        return None
    cwes = item.get("cwes")
    return KevEntry(
        cve_id=cve_id.strip().upper(),
        vendor_project=_text(item.get("vendorProject")),
        product=_text(item.get("product")),
        name=_text(item.get("vulnerabilityName")),
        date_added=_day(item.get("dateAdded")),
        due_date=_day(item.get("dueDate")),
        required_action=_text(item.get("requiredAction")),
        ransomware=_text(item.get("knownRansomwareCampaignUse")).lower() == "known",
        cwes=tuple(
            int(m.group(1))
            for c in (cwes if isinstance(cwes, list) else [])
            if isinstance(c, str) and (m := _CWE.fullmatch(c.strip()))
        ),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _day(value: Any) -> date | None:
    # dateReleased is a timestamp ("2025-08-25T17:04:19.9796Z"); its day is what matters.
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
