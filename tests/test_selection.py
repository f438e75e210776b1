"""One source of truth for which scenarios run and how shards cut them (quick, no service).

``account_conformance.selection`` decides for the live runner (``environment.py``), for
the parent of a parallel run, for ``merge`` and for ``verify``; these tests pin the shared
predicate, the shard parser and the split.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from behave.configuration import Configuration
from behave.parser import parse_file

from account_conformance.catalog import load_catalog
from account_conformance.config import ConfigurationError, SuiteConfig
from account_conformance.selection import (
    feature_files,
    in_profile,
    parse_shard,
    plan,
    recorded_shard,
    scenario_key,
    select_from_features,
    select_scenarios,
    shard_of,
    shard_text,
    tag_expression,
)
from conftest import REPO

FEATURES = REPO / "features"


def _keys(scenarios: list) -> list[str]:
    return [scenario_key(s.filename, s.name) for s in scenarios]


@pytest.mark.parametrize("text, shard", [("1/1", (1, 1)), ("2/3", (2, 3)), (" 3/3 ", (3, 3))])
def test_parse_shard_reads_index_and_total(text: str, shard: tuple[int, int]) -> None:
    assert parse_shard(text) == shard
    assert parse_shard(shard_text(shard)) == shard


@pytest.mark.parametrize("text", ["", "2", "0/2", "3/2", "a/b", "1/", "/2", "-1/2", "1/2/3"])
def test_parse_shard_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="I/N"):
        parse_shard(text)


def test_a_bad_shard_setting_is_a_configuration_error() -> None:
    assert SuiteConfig.load({"shard": "2/3"}, environ={}).shard == (2, 3)
    assert SuiteConfig.load({}, environ={}).shard is None
    with pytest.raises(ConfigurationError, match="shard"):
        SuiteConfig.load({"shard": "4/3"}, environ={})


def test_recorded_shard_reads_results_json() -> None:
    assert recorded_shard({}) is None
    assert recorded_shard({"shard": {"index": 2, "total": 2}}) == (2, 2)
    for bad in ({"index": 0, "total": 2}, {"total": 2}, "1/2"):
        with pytest.raises(ValueError):
            recorded_shard({"shard": bad})


def test_the_profile_rule() -> None:
    assert in_profile("interpreted", ["S05", "interpreted"])
    assert not in_profile("stated", ["S05", "interpreted"])
    assert in_profile("stated", ["S01"])


def test_profiles_and_tags_select_from_the_feature_files() -> None:
    everything = select_scenarios(FEATURES, "interpreted", None)
    stated = select_scenarios(FEATURES, "stated", None)
    assert everything and stated and len(stated) < len(everything)
    assert {s.key for s in stated} < {s.key for s in everything}
    interpreted = {s.id for s in load_catalog().statements if s.cls == "interpreted"}
    assert not any(set(s.statements) & interpreted for s in stated)
    only = select_scenarios(FEATURES, "interpreted", "@S04")
    assert only and all("S04" in s.statements for s in only)
    assert len({s.key for s in everything}) == len(everything), "keys must be unique"
    with pytest.raises(ValueError, match="does not parse"):
        tag_expression("@S04 and (")


def test_the_live_runner_and_the_files_select_the_same_way() -> None:
    """The live path (behave's configuration, name filters) and the file path agree."""
    features = [parse_file(str(path)) for path in feature_files(FEATURES)]
    config = Configuration(command_args=["--tags", "@S04", str(FEATURES)], load_config=False)
    live = select_from_features(features, "stated", config.tag_expression, config)
    assert _keys(live) == [s.key for s in select_scenarios(FEATURES, "stated", "@S04")]
    named = Configuration(command_args=["--tags", "@S04", "-n", "cannot be merged",
                                        str(FEATURES)], load_config=False)
    narrowed = _keys(select_from_features(features, "stated", named.tag_expression, named))
    assert narrowed and set(narrowed) < set(_keys(live))


@pytest.mark.parametrize("total", [1, 2, 3, 7])
def test_shards_partition_the_selection(total: int) -> None:
    selected = plan(FEATURES, "interpreted", None)
    shards = [plan(FEATURES, "interpreted", None, (index, total))
              for index in range(1, total + 1)]
    keys = [s.key for shard in shards for s in shard]
    assert sorted(keys) == sorted(s.key for s in selected) and len(keys) == len(set(keys))
    assert all(shards), "no shard is empty"
    assert shards[0] == shard_of(selected, 1, total)


def test_a_worker_given_a_bad_shard_reaches_no_verdict() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "behave", str(FEATURES), "--tags", "@S09", "--format", "null",
         "--no-summary", "-D", "shard=0/2"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "run error: bad configuration: shard: a shard is I/N" in done.stderr, done.stderr
    assert "outcome: error (exit 2)" in done.stderr
