"""Kustomize patches hold only what they change (found scanning argoproj/argocd-example-apps,
whose overlay patches were reported for every setting they leave to their base)."""

from __future__ import annotations

from pathlib import Path

from vigil.scanners.iac.kubernetes import kustomize_patches
from vigil.scanners.iac.scanner import IacScanner
from vigil.scanners.interface import ScanRequest

DATA = Path(__file__).parents[2] / "data" / "iac" / "kustomize"


def test_patches_get_only_the_rules_that_report_a_setting_present() -> None:
    outcome = IacScanner().scan(ScanRequest(root=DATA))
    assert outcome.errors == []
    found = sorted(
        (f.location.path, f.rule_id, f.location.start_line or 0)
        for f in outcome.findings
        if f.location
    )
    assert found == [
        ("overlays/prod/debug.yaml", "VIGIL-K8S-001", 13),
        ("overlays/prod/debug.yaml", "VIGIL-K8S-004", 8),
        ("overlays/prod/debug.yaml", "VIGIL-K8S-010", 11),
    ]


def test_a_patch_is_a_full_manifest_when_no_kustomization_names_it(tmp_path: Path) -> None:
    patch = (DATA / "overlays" / "prod" / "image.yaml").read_text()
    (tmp_path / "image.yaml").write_text(patch)
    outcome = IacScanner().scan(ScanRequest(root=tmp_path))
    assert outcome.errors == []
    found = sorted((f.rule_id, f.location.start_line) for f in outcome.findings if f.location)
    assert found == [
        ("VIGIL-K8S-002", 9),
        ("VIGIL-K8S-003", 9),
        ("VIGIL-K8S-007", 9),
        ("VIGIL-K8S-008", 9),
        ("VIGIL-K8S-009", 9),
        ("VIGIL-K8S-012", 8),
    ]


def test_the_files_a_kustomization_names_as_patches() -> None:
    kustomization = {
        "patches": [{"path": "a.yaml", "target": {"kind": "Deployment"}}, {"patch": "- op: x"}],
        "patchesStrategicMerge": ["b.yaml", "apiVersion: v1\nkind: Pod\n"],
        "patchesJson6902": [{"path": "c.yaml"}],
        "resources": ["d.yaml"],
    }
    assert list(kustomize_patches(kustomization)) == ["a.yaml", "b.yaml", "c.yaml"]
    assert list(kustomize_patches(["not", "a", "mapping"])) == []
