"""pip-audit (pypa/pip-audit) JSON reports (``pip-audit --format json``).

Formats: the old report, a top-level list of ``{name, version, vulns[]}`` (pip-audit < 2.0),
and the current ``{"dependencies": [...], "fixes": [...]}``; each vuln has ``id``,
``fix_versions``, ``aliases`` (2.x) and ``description``. Dependencies pip-audit could not audit
carry a ``skip_reason`` and no vulns. Tested with reports of pip-audit 1.x and 2.x.

pip-audit rates nothing: every finding is medium (a known, published vulnerability), tagged
``severity:unrated`` so a policy can tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from packageurl import PackageURL

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    load_json,
    require_list,
    require_mapping,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Component, Finding, Severity, Tool

#: pip-audit has no severity levels; this is what its findings get.
SEVERITY = Severity.MEDIUM


class PipAuditParser(Parser):
    """pip-audit vulnerable Python dependencies."""

    id: ClassVar[str] = "pip-audit"
    label: ClassVar[str] = "pip-audit"
    category: ClassVar[Category] = Category.SCA

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        body = head.removeprefix(b"\xef\xbb\xbf")
        if re.match(rb'\s*\{\s*"dependencies"\s*:\s*\[', body):
            empty = re.match(rb'\s*\{\s*"dependencies"\s*:\s*\[\s*\]', body) is not None
            return empty or b'"vulns"' in body
        return re.match(rb'\s*\[\s*\{\s*"name"\s*:', body) is not None and (
            re.search(rb'"vulns"\s*:\s*\[', body) is not None
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        data = load_json(source)
        if isinstance(data, Mapping):
            if "dependencies" not in data:
                raise ParseError(source.name, "not a pip-audit report (no dependencies)")
            data = data["dependencies"]
        tool = Tool(self.label)
        for item in require_list(source, data, "the pip-audit dependencies"):
            dependency = require_mapping(source, item, "a dependency")
            for vuln in require_list(source, dependency.get("vulns") or [], "vulns"):
                yield _finding(dependency, require_mapping(source, vuln, "a vuln"), tool)


def _finding(dependency: Mapping[str, Any], vuln: Mapping[str, Any], tool: Tool) -> Finding:
    name = text(dependency.get("name"))
    version = text(dependency.get("version"))
    vuln_id = advisory_id(vuln.get("id"))
    fixed = unique([text(v) for v in vuln.get("fix_versions") or []])
    return Finding(
        title=f"{vuln_id} in {name} {version}".strip(),
        severity=SEVERITY,
        category=Category.SCA,
        tool=tool,
        rule_id=vuln_id,
        description=text(vuln.get("description")),
        vulnerability_ids=unique([vuln_id, *(advisory_id(a) for a in vuln.get("aliases") or [])]),
        component=Component(
            name=name,
            version=version or None,
            # The ecosystem is certain (PyPI), so the package URL follows from name and version.
            purl=PackageURL(type="pypi", name=name, version=version or None).to_string()
            if name
            else None,
            ecosystem="pypi",
            fixed_versions=fixed,
        ),
        remediation=f"Upgrade {name} to {', '.join(fixed)}." if fixed else "",
        tags=("severity:unrated",),
        # The dependency record, narrowed to this one vulnerability.
        raw={**{k: v for k, v in dependency.items() if k != "vulns"}, "vulns": [vuln]},
    )
