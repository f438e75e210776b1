"""Which scenarios a run should have executed, recomputed from the installed feature files.

Mirrors ``environment._selected``: every scenario (outline rows included) whose effective
tags match the recorded behave tag expression, minus ``@interpreted`` scenarios under the
``stated`` profile. Keys are ``feature-file-name:scenario name``, as in results.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from behave.parser import parse_file
from behave.tag_expression import make_tag_expression

from ..reporting import statement_ids


@dataclass(frozen=True)
class SelectedScenario:
    """One scenario the recorded profile and tags select, with its statement IDs."""

    key: str
    statements: tuple[str, ...]
    location: str = ""
    steps: int = 1


def feature_files(features_dir: Path) -> list[Path]:
    """The suite's feature files, in name order."""
    return sorted(features_dir.glob("*.feature"), key=lambda p: p.name)


def select_scenarios(features_dir: Path, profile: str,
                     tags: str | None) -> list[SelectedScenario]:
    """The scenarios ``profile`` and the tag expression ``tags`` select, in file order.

    Raises ``ValueError`` when the tag expression does not parse, and behave's parser
    errors when a feature file does not.
    """
    try:
        expression = make_tag_expression(tags or "")
    except Exception as exc:  # behave raises several types for a bad expression
        raise ValueError(f"tag expression {tags!r} does not parse: {exc}") from exc
    selected = []
    for path in feature_files(features_dir):
        feature = parse_file(str(path))
        if feature is None:
            continue
        for scenario in feature.walk_scenarios():
            tags_here = list(scenario.effective_tags)
            if scenario.should_skip or not scenario.should_run_with_tags(expression):
                continue
            if profile == "stated" and "interpreted" in tags_here:
                continue
            selected.append(SelectedScenario(f"{path.name}:{scenario.name}",
                                             statement_ids(tags_here),
                                             f"{path}:{scenario.line}",
                                             sum(1 for _ in scenario.all_steps)))
    return selected


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
