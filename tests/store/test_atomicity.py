"""Imports are atomic and safe to run side by side."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, func, select, text

from vigil.model import Category, Component, Finding, Severity, Tool
from vigil.store.database import open_engine
from vigil.store.importer import ScanInfo, import_scans
from vigil.store.tables import findings, products, scans
from vigil.triage.identity import identify

NOW = datetime(2026, 11, 2, tzinfo=UTC)


def _cves(start: int, count: int) -> list[Finding]:
    return [
        Finding(
            title=f"CVE-2024-{i} in lib{i % 50}",
            severity=Severity.HIGH,
            category=Category.SCA,
            tool=Tool("Trivy"),
            rule_id=f"CVE-2024-{i}",
            vulnerability_ids=(f"CVE-2024-{i}",),
            component=Component(f"lib{i % 50}", "1.0", ecosystem="npm"),
        )
        for i in range(start, start + count)
    ]


def _import(url: str, product: str, branch: str, found: list[Finding]) -> None:
    engine = open_engine(url)
    groups = identify(found)
    try:
        import_scans(
            engine,
            product=product,
            branch=branch,
            commit="",
            now=NOW,
            scans_in=[ScanInfo("trivy")],
            groups=groups,
            group_tools=[frozenset({"trivy"})] * len(groups),
        )
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_twenty_concurrent_imports_lose_and_duplicate_nothing(postgres_url: str) -> None:
    engine = open_engine(postgres_url)
    report = _cves(0, 300)
    product = f"race-{uuid.uuid4().hex[:8]}"  # the worker's database is shared with other tests
    jobs = [(product, f"b{i % 4}", report) for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda job: _import(postgres_url, *job), jobs))
    with engine.connect() as conn:
        product_id = conn.execute(select(products.c.id).where(products.c.name == product)).scalar()
        stored = conn.execute(
            select(findings.c.branch, func.count())
            .where(findings.c.product_id == product_id)
            .group_by(findings.c.branch)
        ).all()
        scan_count = conn.execute(
            select(func.count()).select_from(scans).where(scans.c.product_id == product_id)
        ).scalar()
    assert sorted(stored) == [("b0", 300), ("b1", 300), ("b2", 300), ("b3", 300)]
    assert scan_count == 20
    engine.dispose()


def _wait_for_open_transaction(url: str, proc: subprocess.Popen[bytes]) -> None:
    """Block until the import holds its write transaction (the store's write lock)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "import ended before it could be killed"
        if url.startswith("sqlite"):
            probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.rollback()
            except sqlite3.OperationalError:
                return
            finally:
                probe.close()
        else:
            engine = open_engine(url, migrate=False)
            with engine.connect() as conn:
                held = conn.execute(
                    text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
                ).scalar()
            engine.dispose()
            if held:
                return
        time.sleep(0.02)
    pytest.fail("the import never started its transaction")


def test_killed_import_leaves_previous_state(store_url: str, tmp_path: Path) -> None:
    """A real `vigil import` killed mid-transaction changes nothing that was stored."""
    engine: Engine = open_engine(store_url)
    _import(store_url, "shop", "main", _cves(0, 10))
    with engine.connect() as conn:
        before = conn.execute(
            select(findings.c.id, findings.c.status, findings.c.last_seen_at).order_by(
                findings.c.id
            )
        ).all()
    big = tmp_path / "big.json"
    big.write_bytes(
        orjson.dumps(
            {
                "SchemaVersion": 2,
                "ArtifactName": "x",
                "ArtifactType": "filesystem",
                "Results": [
                    {
                        "Target": "package-lock.json",
                        "Class": "lang-pkgs",
                        "Type": "npm",
                        "Vulnerabilities": [
                            {
                                "VulnerabilityID": f"CVE-2025-{i}",
                                "PkgName": f"p{i}",
                                "InstalledVersion": "1.0",
                                "Severity": "HIGH",
                                "Title": "t",
                            }
                            for i in range(60_000)
                        ],
                    }
                ],
            }
        )
    )
    env = os.environ | {"VIGIL_DATABASE_URL": store_url}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from vigil.cli.main import run; run()",
            "import",
            "--product",
            "shop",
            "--branch",
            "main",
            "--tool",
            "trivy",
            str(big),
        ],
        env=env,
        stderr=subprocess.PIPE,
    )
    _wait_for_open_transaction(store_url, proc)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with engine.connect() as conn:
        after = conn.execute(
            select(findings.c.id, findings.c.status, findings.c.last_seen_at).order_by(
                findings.c.id
            )
        ).all()
        scan_count = conn.execute(select(func.count()).select_from(scans)).scalar()
    assert after == before
    assert scan_count == 1
    engine.dispose()
