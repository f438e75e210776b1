"""``account-conformance merge`` refuses what does not make one run, before writing anything.

Shard reports come from real runs (``run --shard I/N --tags @S04``, a small selection) against
one reference process over loopback; every merge goes through the real CLI. A refused merge
exits 2 with one line naming the reason and leaves ``--out`` unwritten. A worker's part (the
``workers/w<i>`` folders of a run with ``--workers``) is not a final report: its results.json
says ``"part"`` and it holds no JUnit, Markdown or HTML report of its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from account_conformance.embedded import EmbeddedReference
from conftest import REPO, SEED

CLI = [sys.executable, "-m", "account_conformance.cli"]
TAGS = "@S04"
FINAL_ONLY = ("junit.xml", "cucumber.json", "conformance.md", "conformance.html", "article.html")


def shard_run(report: Path, base_url: str, shard: str, *, tags: str = TAGS, seed: int = SEED,
              workers: int = 1) -> Path:
    """One CI shard's report directory, from a real run."""
    done = subprocess.run([*CLI, "run", "--base-url", base_url, "--shard", shard, "--tags", tags,
                           "--seed", str(seed), "--workers", str(workers),
                           "--report-dir", str(report)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return report


def merge(out: Path, *reports: Path) -> subprocess.CompletedProcess[str]:
    """``account-conformance merge REPORTS --out OUT`` through the real CLI."""
    return subprocess.run([*CLI, "merge", *map(str, reports), "--out", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Shard reports: 1/2 (with two workers), 2/2, 1/3, and 1/2 of another selection."""
    root = tmp_path_factory.mktemp("shards")
    with EmbeddedReference() as service:
        yield {
            "1/2": shard_run(root / "a", service.base_url, "1/2", workers=2),
            "2/2": shard_run(root / "b", service.base_url, "2/2"),
            "1/3": shard_run(root / "c", service.base_url, "1/3"),
            "1/2 @S06": shard_run(root / "d", service.base_url, "1/2", tags="@S06",
                                  seed=SEED + 1),
        }


def assert_refused(out: Path, done: subprocess.CompletedProcess[str], reason: str) -> None:
    """Exit 2, one line naming ``reason``, no traceback, and nothing written."""
    assert done.returncode == 2, done.stderr[-2000:]
    assert "cannot merge:" in done.stderr and reason in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists(), sorted(p.name for p in out.rglob("*"))


def test_the_two_halves_merge(shards: dict[str, Path], tmp_path: Path) -> None:
    done = merge(tmp_path / "m", shards["1/2"], shards["2/2"])
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tmp_path / "m" / "results.json").read_text())
    assert results["selection"]["complete"] and results["parts"] == 2
    assert "part" not in results and (tmp_path / "m" / "junit.xml").is_file()


def test_the_same_directory_twice_is_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "m"
    assert_refused(out, merge(out, shards["1/2"], shards["2/2"], shards["1/2"]),
                   "the same directory")


def test_a_copy_of_a_shard_is_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    copy = shutil.copytree(shards["2/2"], tmp_path / "copy")
    out = tmp_path / "m"
    assert_refused(out, merge(out, shards["1/2"], shards["2/2"], copy), "the same results")


def test_the_same_shard_from_two_runs_is_refused(shards: dict[str, Path],
                                                 tmp_path: Path) -> None:
    out = tmp_path / "m"
    assert_refused(out, merge(out, shards["1/2"], shards["1/2 @S06"]), "both shard 1/2")


def test_shards_of_different_splits_are_refused(shards: dict[str, Path],
                                                tmp_path: Path) -> None:
    out = tmp_path / "m"
    done = merge(out, shards["2/2"], shards["1/3"])
    assert_refused(out, done, "different splits")
    assert "shard of 2" in done.stderr and "shard of 3" in done.stderr


def test_shards_of_different_selections_are_refused(shards: dict[str, Path],
                                                    tmp_path: Path) -> None:
    out = tmp_path / "m"
    assert_refused(out, merge(out, shards["2/2"], shards["1/2 @S06"]), "selection tags differs")


def test_a_worker_part_mixed_with_shards_is_refused(shards: dict[str, Path],
                                                    tmp_path: Path) -> None:
    out = tmp_path / "m"
    assert_refused(out, merge(out, shards["1/2"] / "workers" / "w1", shards["2/2"]),
                   "different splits")


def test_overlapping_shares_are_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    """A report relabelled as the other half still holds the first half's scenarios."""
    relabelled = shutil.copytree(shards["1/2"], tmp_path / "relabelled")
    results = json.loads((relabelled / "results.json").read_text())
    results["shard"] = {"index": 2, "total": 2}
    (relabelled / "results.json").write_text(json.dumps(results))
    out = tmp_path / "m"
    assert_refused(out, merge(out, shards["1/2"], relabelled), "overlapping shares")


def test_worker_parts_do_not_look_like_final_reports(shards: dict[str, Path]) -> None:
    parts = sorted((shards["1/2"] / "workers").iterdir())
    assert [p.name for p in parts] == ["w1", "w2"]
    for index, part in enumerate(parts, 1):
        results = json.loads((part / "results.json").read_text())
        assert results["part"] == {"index": index, "of": 2}
        assert [name for name in FINAL_ONLY if (part / name).exists()] == []
    assert sorted(p.relative_to(shards["1/2"]).as_posix()
                  for p in shards["1/2"].rglob("junit.xml")) == ["junit.xml"]
    final = json.loads((shards["1/2"] / "results.json").read_text())
    assert "part" not in final and final["shard"] == {"index": 1, "total": 2}
