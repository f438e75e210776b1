"""``pip install .`` gives a working suite: wheel contents, and the command from anywhere.

A wheel is built from this checkout and installed into a fresh virtual environment
(dependencies from the package index, as a user gets them). The installed command then runs
from a working directory outside the repository, so everything it needs (features, steps,
fixtures, environment.py, catalog, contract, the reference service) must be in the wheel.

Tiers: building and installing is ``slow``; the quick test reads the wheel's build
configuration in pyproject.toml and checks it maps every required file to one that exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from account_conformance import __version__
from account_conformance.catalog import load_catalog
from conftest import say

REPO = Path(__file__).resolve().parents[1]
REQUIRED_IN_WHEEL = (
    "account_conformance/suite/features/switching.feature",
    "account_conformance/suite/steps/account_steps.py",
    "account_conformance/suite/fixtures/world.py",
    "account_conformance/suite/environment.py",
    "account_conformance/contract/openapi.yaml",
    "account_conformance/catalog/statements.yaml",
    "account_conformance/catalog/help-article.de.txt",
    "account_reference/__main__.py",
)
# settings that would point the installed command back at this checkout or another service
_LEAKY = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "ACCOUNT_CONFORMANCE_SUITE_DIR")


@dataclass(frozen=True)
class Installed:
    """A wheel of this checkout, installed into a fresh venv; a directory outside the repo."""

    wheel: Path
    bin_dir: Path
    workdir: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run a command of the venv (``account-conformance``, ``python``) in ``workdir``."""
        return subprocess.run([str(self.bin_dir / args[0]), *args[1:]], cwd=self.workdir,
                              env=self.env, capture_output=True, text=True, timeout=timeout)


def _checked(command: list[str], timeout: float) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout[-2000:]}{done.stderr[-3000:]}"


def wheel_sources() -> dict[str, Path]:
    """Path in the wheel → source file, as pyproject.toml's hatch configuration maps them."""
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["hatch"]["build"]["targets"]["wheel"]
    roots = {Path(package).name: REPO / package for package in wheel["packages"]}
    roots |= {target: REPO / source for source, target in wheel["force-include"].items()}
    mapped: dict[str, Path] = {}
    for required in REQUIRED_IN_WHEEL:
        best = max((t for t in roots if required == t or required.startswith(t + "/")),
                   key=len, default=None)
        if best is not None:
            mapped[required] = roots[best] / required.removeprefix(best).lstrip("/")
    return mapped


def test_the_wheel_configuration_maps_every_required_file_to_a_source() -> None:
    mapped = wheel_sources()
    unmapped = [name for name in REQUIRED_IN_WHEEL if name not in mapped]
    assert not unmapped, f"pyproject.toml puts nothing at {unmapped}"
    absent = {name: str(source) for name, source in mapped.items() if not source.is_file()}
    assert not absent, f"mapped to files that do not exist: {absent}"


@pytest.fixture(scope="module")
def installed(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel, create a venv, install the wheel into it."""
    root = tmp_path_factory.mktemp("packaging")
    wheel_dir, venv = root / "wheels", root / "venv"
    say(request, "[packaging] building the wheel ...")
    _checked([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir),
              str(REPO)], timeout=300)
    wheels = sorted(wheel_dir.glob("account_conformance-*.whl"))
    assert len(wheels) == 1, wheels
    say(request, f"[packaging] {wheels[0].name} built; creating a venv and installing it ...")
    _checked([sys.executable, "-m", "venv", str(venv)], timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _checked([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheels[0])],
             timeout=600)
    say(request, "[packaging] installed")
    workdir = root / "elsewhere"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in _LEAKY and not k.startswith(("ACCOUNT_SERVICE_", "ACCOUNT_CONFORMANCE_",
                                                    "ACCOUNT_REFERENCE_"))}
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    return Installed(wheels[0], bin_dir, workdir, env)


@pytest.mark.slow
def test_the_wheel_carries_the_suite_the_contract_and_the_reference(
        installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    missing = [name for name in REQUIRED_IN_WHEEL if name not in names]
    assert not missing, f"missing from the wheel: {missing}"
    features = {n for n in names if n.startswith("account_conformance/suite/features/")}
    assert len(features) == len(list((REPO / "features").glob("*.feature")))
    assert not any("__pycache__" in name for name in names)


@pytest.mark.slow
def test_the_installed_command_reports_its_version(installed: Installed) -> None:
    done = installed.run("account-conformance", "--version")
    assert done.returncode == 0, done.stderr
    assert __version__ in done.stdout


@pytest.mark.slow
def test_the_installed_suite_is_found_inside_the_package(installed: Installed) -> None:
    done = installed.run("python", "-c",
                         "from account_conformance.cli import suite_root; print(suite_root())")
    assert done.returncode == 0, done.stderr
    root = Path(done.stdout.strip())
    assert root.parts[-2:] == ("account_conformance", "suite"), root
    assert REPO not in root.parents and root.is_relative_to(installed.bin_dir.parent)


@pytest.mark.slow
def test_the_installed_command_runs_a_statement_from_any_directory(
        installed: Installed) -> None:
    done = installed.run("account-conformance", "run", "--tags", "@S09", "--report-dir", "out")
    output = done.stdout[-2000:] + done.stderr[-3000:]
    assert done.returncode == 0, output
    results = json.loads((installed.workdir / "out" / "results.json").read_text())
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    assert verdicts["S09"] == "pass", verdicts
    assert "embedded reference" in results["target"]


@pytest.mark.slow
def test_the_installed_command_lists_the_statements(installed: Installed) -> None:
    done = installed.run("account-conformance", "statements", "--json")
    assert done.returncode == 0, done.stderr
    catalog = json.loads(done.stdout)
    assert [s["id"] for s in catalog["statements"]] == [s.id for s in load_catalog().statements]
    assert len(catalog["article_sha256"]) == 64
