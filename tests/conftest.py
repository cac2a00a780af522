"""Fixtures shared by every test folder: settings, the extractor, the fixture caseload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test where the folder is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true" and SHARED.exists():
            pytest.fail(f"{path} is missing from ../shared under CI")
        pytest.skip("../shared is not beside this checkout")
    return path


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Default settings; tests that need a database give their own path."""
    return Settings()


@pytest.fixture(scope="session")
def extractor(settings: Settings):  # type: ignore[no-untyped-def]
    """The real extractor on the trained pipeline, loaded once for the session."""
    import nlp

    return nlp.load(settings.nlp)


@pytest.fixture(scope="session")
def caseload():  # type: ignore[no-untyped-def]
    """The project's own fictional caseload."""
    from nlp.people import Caseload

    return Caseload.from_csv(FIXTURES / "caseload.csv")
