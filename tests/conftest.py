from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "office: needs LibreOffice (soffice)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # CI sets SVCMANUAL_REQUIRE_OFFICE=1: there a missing LibreOffice is a failure, not a skip.
    if shutil.which("soffice") or os.environ.get("SVCMANUAL_REQUIRE_OFFICE") == "1":
        return
    skip = pytest.mark.skip(reason="LibreOffice（soffice）未安装")
    for item in items:
        if "office" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(params=PROFILES, ids=[p.stem for p in PROFILES])
def example_profile(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example profile built once (fields not refreshed, to keep the suite fast)."""
    from generator.builder.run import build

    out = tmp_path_factory.mktemp("built")
    folders = {}
    for path in PROFILES:
        result = build(path, out, refresh=False)
        folders[path.stem] = result.folder
    return folders
