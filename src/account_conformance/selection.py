"""Which scenarios a run executes, and how a run is cut into shards: the one place that says.

A scenario is selected when behave would run it (not skipped, its effective tags match the
tag expression and, in a live run, behave's name filters) and the profile keeps it
(``stated`` leaves out ``@interpreted`` scenarios) and, for a ``@browser`` scenario (the
screen, S08–S11 in a real browser), the run has a browser (``--browser``). ``runs`` is that
predicate;
``select_from_features`` applies it to behave model features — the live runner's, in
``environment.py`` — and ``select_scenarios`` to the installed feature files, for the
parent of a parallel run, CI shards, ``merge`` and ``verify``. A scenario's key is
``feature-file-name:scenario name``, as in results.json.

Shards: ``parse_shard("2/3") == (2, 3)``; ``shard_of`` gives shard I of N of a selection by
a deterministic split of about equal cost, so every process that computes it agrees.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from behave.model import Feature, Scenario
from behave.parser import parse_file
from behave.tag_expression import make_tag_expression

from .catalog import statement_ids

BROWSER_TAG = "browser"
"""The tag of the screen scenarios: selected only when the run has a browser."""
SINCE_TAG = re.compile(r"^since-(\d+)\.(\d+)$")
"""``@since-1.2``: the scenario needs contract 1.2 or newer (what that minor added)."""


def needs_newer_contract(tags: Iterable[str], service_version: str | None) -> str | None:
    """Why a scenario with these tags cannot run against a service of ``service_version``
    (its ``@since-X.Y`` is newer than the service's minor), or None. The compatibility policy
    (contract/CHANGELOG.md): such a scenario is not run, never failed."""
    if not service_version:
        return None
    try:
        major, minor = (int(part) for part in service_version.split(".")[:2])
    except ValueError:
        return None
    for tag in tags:
        match = SINCE_TAG.match(tag)
        if match and (int(match[1]), int(match[2])) > (major, minor):
            return (f"needs contract {match[1]}.{match[2]} (the service reports "
                    f"{service_version})")
    return None


@dataclass(frozen=True)
class SelectedScenario:
    """One scenario the recorded profile and tags select, with its statement IDs."""

    key: str
    statements: tuple[str, ...]
    location: str = ""
    steps: int = 1
    tags: tuple[str, ...] = ()


def scenario_key(feature_file: str | PurePath, name: str) -> str:
    """``feature-file-name:scenario name``: identifies a scenario across runs and reports."""
    return f"{PurePath(feature_file).name}:{name}"


def in_profile(profile: str, tags: Iterable[str]) -> bool:
    """Whether the profile keeps a scenario with these tags (``stated``: no interpreted)."""
    return profile == "interpreted" or "interpreted" not in set(tags)


def with_browser(browser: bool, tags: Iterable[str]) -> bool:
    """Whether a run with (or without) a browser keeps a scenario with these tags."""
    return browser or BROWSER_TAG not in set(tags)


def runs(scenario: Scenario, profile: str, tag_expression: Any, config: Any = None,
         browser: bool = False) -> bool:
    """Whether a run with this profile, tag expression and browser executes ``scenario``.

    ``config`` is behave's configuration in a live run (it adds behave's ``--name``
    filters); without it the decision rests on skip marks, tags, profile and browser alone.
    """
    if scenario.should_skip or not scenario.should_run_with_tags(tag_expression):
        return False
    if config is not None and not scenario.should_run_with_name_select(config):
        return False
    tags = scenario.effective_tags
    return in_profile(profile, tags) and with_browser(browser, tags)


def select_from_features(features: Iterable[Feature], profile: str, tag_expression: Any,
                         config: Any = None, browser: bool = False) -> list[Scenario]:
    """The scenarios (outline rows expanded) of behave model features a run executes."""
    return [scenario for feature in features for scenario in feature.walk_scenarios()
            if runs(scenario, profile, tag_expression, config, browser)]


def tag_expression(tags: str | None) -> Any:
    """behave's tag expression for ``tags`` (ValueError when it does not parse)."""
    try:
        return make_tag_expression(tags or "")
    except Exception as exc:  # behave raises several types for a bad expression
        raise ValueError(f"tag expression {tags!r} does not parse: {exc}") from exc


def feature_files(features_dir: Path) -> list[Path]:
    """The suite's feature files, in name order."""
    return sorted(features_dir.glob("*.feature"), key=lambda p: p.name)


def select_scenarios(features_dir: Path, profile: str, tags: str | None,
                     browser: bool = False) -> list[SelectedScenario]:
    """The scenarios ``profile``, the tag expression ``tags`` and ``browser`` select, in
    file order.

    Raises ``ValueError`` when the tag expression does not parse, and behave's parser
    errors when a feature file does not.
    """
    expression = tag_expression(tags)
    selected = []
    for path in feature_files(features_dir):
        feature = parse_file(str(path))
        if feature is None:
            continue
        for scenario in select_from_features([feature], profile, expression, browser=browser):
            selected.append(SelectedScenario(scenario_key(path, scenario.name),
                                             statement_ids(scenario.effective_tags),
                                             f"{path}:{scenario.line}",
                                             sum(1 for _ in scenario.all_steps),
                                             tuple(scenario.effective_tags)))
    return selected


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` → ``(I, N)`` with 1 ≤ I ≤ N; ``ValueError`` for anything else."""
    index, sep, total = text.strip().partition("/")
    if not sep or not index.isdigit() or not total.isdigit() or not 1 <= int(index) <= int(
            total):
        raise ValueError(f"a shard is I/N with 1 <= I <= N, got {text!r}")
    return int(index), int(total)


def shard_text(shard: tuple[int, int]) -> str:
    """``(I, N)`` → ``"I/N"``, the form ``parse_shard`` reads (``-D shard=I/N``)."""
    return f"{shard[0]}/{shard[1]}"


def recorded_shard(results: dict[str, Any]) -> tuple[int, int] | None:
    """The shard a results.json records (None for a whole run); ValueError if malformed."""
    shard = results.get("shard")
    if shard is None:
        return None
    if not isinstance(shard, dict):
        raise ValueError(f"shard must be {{'index': I, 'total': N}}, got {shard!r}")
    return parse_shard(f"{shard.get('index')}/{shard.get('total')}")


def split(scenarios: list[SelectedScenario], parts: int) -> list[list[SelectedScenario]]:
    """Split into ``parts`` groups of about equal cost (deterministic).

    Cost is the step count (steps make the requests). Longest first, each to the group with
    the least cost so far (ties: the lower group number); each group keeps file order.
    """
    loads = [0] * parts
    assigned: list[list[int]] = [[] for _ in range(parts)]
    ranked = sorted(range(len(scenarios)), key=lambda i: (-scenarios[i].steps, i))
    for index in ranked:
        group = min(range(parts), key=lambda g: (loads[g], g))
        loads[group] += scenarios[index].steps
        assigned[group].append(index)
    return [[scenarios[i] for i in sorted(group)] for group in assigned]


def shard_of(scenarios: list[SelectedScenario], index: int, total: int) -> list[SelectedScenario]:
    """Shard ``index`` (1-based) of ``total``."""
    return split(scenarios, total)[index - 1]


def plan(features_dir: Path, profile: str, tags: str | None,
         shard: tuple[int, int] | None = None, browser: bool = False) -> list[SelectedScenario]:
    """The scenarios a run (or one shard of it) executes, in file order."""
    selected = select_scenarios(features_dir, profile, tags, browser)
    return shard_of(selected, *shard) if shard else selected


def suite_root() -> Path:
    """Where features/, steps/, fixtures/ and environment.py live."""
    candidates = []
    if os.environ.get("ACCOUNT_CONFORMANCE_SUITE_DIR"):
        candidates.append(Path(os.environ["ACCOUNT_CONFORMANCE_SUITE_DIR"]))
    here = Path(__file__).resolve().parent
    candidates += [here / "suite", here.parents[1]]  # never the cwd: another project's
    for candidate in candidates:
        if (candidate / "environment.py").is_file() and (candidate / "features").is_dir():
            return candidate
    raise SystemExit("account-conformance: cannot find the suite (features/ and environment.py)")
