"""One exposed secret is one finding, whichever tool or rule found it: a gitleaks report and
vigil's own detector naming the same secret in the same file merge into one finding with
both sources (the issue's "same issue reported by two tools in one scope")."""

from __future__ import annotations

import json
from pathlib import Path

from tests.scanners.secrets.fakes import Fakes
from vigil.ingest.reader import parse_file
from vigil.scanners.interface import ScanRequest
from vigil.scanners.secrets.scanner import SecretsScanner
from vigil.triage.identity import identify

FAKE = Fakes(seed=5)


def test_gitleaks_and_vigil_findings_of_one_secret_merge(tmp_path: Path) -> None:
    token = FAKE.checksummed("ghp_")
    other = FAKE.checksummed("ghp_")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "ci.py").write_text(f'TOKEN = "{token}"\nBACKUP = "{other}"\n')
    # What gitleaks 8 writes for the first token (field names as in its JSON report).
    leak = {
        "Description": "GitHub Personal Access Token",
        "StartLine": 1, "EndLine": 1, "StartColumn": 10, "EndColumn": 49,
        "Match": token, "Secret": token, "File": "ci.py", "SymlinkFile": "",
        "Commit": "", "Entropy": 5.1, "Author": "", "Email": "", "Date": "", "Message": "",
        "Tags": [], "RuleID": "github-pat", "Fingerprint": "ci.py:github-pat:1",
    }  # fmt: skip
    report = tmp_path / "gitleaks.json"
    report.write_text(json.dumps([leak]))
    gitleaks = parse_file(report).findings
    ours = SecretsScanner().scan(ScanRequest(root=root)).findings
    assert len(gitleaks) == 1 and len(ours) == 2
    groups = identify([*gitleaks, *ours])
    merged = [g for g in groups if len(g.sources) > 1]
    assert len(groups) == 2 and len(merged) == 1
    assert sorted(merged[0].tools) == ["gitleaks", "vigil-secrets"]
    assert merged[0].finding.location is not None
    assert merged[0].finding.location.path == "ci.py"
