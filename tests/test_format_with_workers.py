"""``run --format F [--outfile O]`` with ``--workers``: every worker runs the formatter.

Each case runs the real ``account-conformance`` command against the embedded reference on a
small selection (``@S19``: three scenarios in two workers). A file outfile becomes one file
per worker (``behave.json`` -> ``behave.w1.json``, ``behave.w2.json``), each holding that
worker's scenarios and together all of them; a folder outfile (ending in ``/``) gets one
file per worker inside it; allure-behave's formatter (its outfile is a results folder) gets
the folder itself in every worker; without ``--outfile`` each worker writes into its part
folder and nothing reaches the console. The console line says where the outputs are.

allure-behave is not a dependency and is not installed here, so the allure case uses a
stand-in module ``allure_behave.formatter`` written into the test's folder: like the real
formatter (allure-python, ``allure_behave/formatter.py``) it takes ``stream_opener.name``
as a results folder and writes one uniquely named file per scenario into it. It checks our
side (which outfile each worker is given), not allure itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from account_conformance.worker_format import numbered
from conftest import REPO

TREE = Path(os.environ.get("ACR_TEST_TREE") or REPO)  # another checkout: show the old failing
TAGS = "@S19"
ALLURE_STAND_IN = '''"""Stand-in for allure-behave's formatter: its outfile is a results folder."""
import json
import os
import uuid

from behave.formatter.base import Formatter


class AllureFormatter(Formatter):
    name = "allure-stand-in"

    def __init__(self, stream_opener, config):
        super().__init__(stream_opener, config)
        self.folder = stream_opener.name
        os.makedirs(self.folder, exist_ok=True)

    def scenario(self, scenario):
        path = os.path.join(self.folder, f"{uuid.uuid4()}-result.json")
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"name": scenario.name}, out)
'''


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command with two workers on the small selection, finished."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": os.pathsep.join([str(cwd), str(TREE / "src"), str(TREE)])}
    done = subprocess.run([sys.executable, "-m", "account_conformance.cli", "run",
                           "--workers", "2", "--tags", TAGS, "--report-dir", "R", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr + done.stdout
    return done


def worker_scenarios(cwd: Path) -> dict[int, set[str]]:
    """Worker index -> the names of the scenarios its part recorded."""
    parts = {}
    for results in sorted((cwd / "R" / "workers").glob("w*/results.json")):
        data = json.loads(results.read_text(encoding="utf-8"))
        parts[int(results.parent.name[1:])] = {s["name"] for s in data["scenarios"]}
    all_names = json.loads((cwd / "R" / "results.json").read_text(encoding="utf-8"))
    assert set().union(*parts.values()) == {s["name"] for s in all_names["scenarios"]}
    assert sorted(parts) == [1, 2] and all(parts.values()), parts
    return parts


def behave_json_scenarios(path: Path) -> set[str]:
    """The names of the scenarios behave's json formatter wrote to ``path``."""
    features = json.loads(path.read_text(encoding="utf-8"))
    return {element["name"] for feature in features for element in feature.get("elements", [])
            if element.get("type") == "scenario"}


def test_a_numbered_outfile_keeps_its_suffix() -> None:
    assert numbered(Path("D/behave.json"), 1) == Path("D/behave.w1.json")
    assert numbered(Path("report"), 12) == Path("report.w12")
    assert numbered(Path("a.tar.gz"), 2) == Path("a.tar.w2.gz")


def test_json_outfile_becomes_one_file_per_worker(tmp_path: Path) -> None:
    done = cli("--format", "json", "--outfile", "D/behave.json", cwd=tmp_path)
    parts = worker_scenarios(tmp_path)
    assert sorted(p.name for p in (tmp_path / "D").iterdir()) == [
        "behave.w1.json", "behave.w2.json"]
    for index, names in parts.items():
        assert behave_json_scenarios(tmp_path / "D" / f"behave.w{index}.json") == names
    assert ("account-conformance: --format json: one file per worker: "
            f"{Path('D/behave.w1.json')}, {Path('D/behave.w2.json')}") in done.stderr
    assert "[2/2 parts] worker " in done.stderr  # the console's own lines as before


def test_plain_formatter_into_a_folder_writes_a_file_per_worker_in_it(tmp_path: Path) -> None:
    done = cli("--format", "plain", "--outfile", "plain-out/", cwd=tmp_path)
    parts = worker_scenarios(tmp_path)
    written = sorted(p.name for p in (tmp_path / "plain-out").iterdir())
    assert written == ["plain.w1.txt", "plain.w2.txt"], written
    for index, names in parts.items():
        text = (tmp_path / "plain-out" / f"plain.w{index}.txt").read_text(encoding="utf-8")
        assert all(f"Scenario: {name}" in text for name in names), text[:2000]
        others = set().union(*parts.values()) - names
        assert not any(f"Scenario: {name}" in text for name in others), text[:2000]
    assert (f"--format plain: one file per worker in {Path('plain-out')}{os.sep}: "
            "plain.w1.txt, plain.w2.txt") in done.stderr


def test_allure_formatter_gets_one_results_folder_for_every_worker(tmp_path: Path) -> None:
    (tmp_path / "allure_behave").mkdir()
    (tmp_path / "allure_behave" / "__init__.py").write_text("")
    (tmp_path / "allure_behave" / "formatter.py").write_text(ALLURE_STAND_IN)
    done = cli("--format", "allure_behave.formatter:AllureFormatter", "--outfile", "allure",
               cwd=tmp_path)
    parts = worker_scenarios(tmp_path)
    results = sorted((tmp_path / "allure").iterdir())
    names = [json.loads(path.read_text())["name"] for path in results]
    assert sorted(names) == sorted(set().union(*parts.values())), names
    assert not list(tmp_path.glob("allure.w*"))
    assert (f"--format allure_behave.formatter:AllureFormatter: every worker wrote into "
            f"allure{os.sep}") in done.stderr


def test_without_outfile_each_worker_writes_into_its_part_folder(tmp_path: Path) -> None:
    done = cli("--format", "json", cwd=tmp_path)
    parts = worker_scenarios(tmp_path)
    for index, names in parts.items():
        path = tmp_path / "R" / "workers" / f"w{index}" / "json.json"
        assert behave_json_scenarios(path) == names
    assert '"elements"' not in done.stdout + done.stderr  # never on the console
    assert (f"one file per worker, in its part folder: {Path('R/workers/w1/json.json')}, "
            f"{Path('R/workers/w2/json.json')}") in done.stderr
