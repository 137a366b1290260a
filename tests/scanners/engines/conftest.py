"""The external engines are optional: their tests skip with the reason when one is missing,
except when VIGIL_REQUIRE_SERVICES=1 (CI), where a missing engine fails them."""

from __future__ import annotations

import pytest

from tests.conftest import _service_missing
from vigil.scanners.engines import bandit, semgrep


@pytest.fixture
def semgrep_installed() -> None:
    if semgrep.executable() is None:
        _service_missing(semgrep.MISSING)


@pytest.fixture
def bandit_installed() -> None:
    if not bandit.installed():
        _service_missing(bandit.MISSING)
