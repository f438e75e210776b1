"""Shared pytest fixtures: the reference service as a real process on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from account_conformance.embedded import EmbeddedReference

REPO = Path(__file__).resolve().parents[1]
SHARED_SPEC = REPO.parent / "shared" / "spec"


@pytest.fixture(scope="session")
def reference_url() -> Iterator[str]:
    """A clean reference service for the whole test session; its base URL."""
    with EmbeddedReference() as service:
        yield service.base_url


def say(request: pytest.FixtureRequest, line: str) -> None:
    """Print past pytest's output capture, so a test's figures show in every run."""
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin(
        "capturemanager")
    if reporter is None or capture is None:  # pragma: no cover - plugins switched off
        print(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)
