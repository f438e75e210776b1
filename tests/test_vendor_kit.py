"""The vendor kit: LICENSE, the contract changelog, the driver guide and its method table.

The table of driver methods per statement in ``docs/writing-a-driver.md`` must be what
``docs/driver_methods.py`` computes from the steps, fixtures and features today; every
link and repository path the vendor documents name must exist (anchors included). Each
check is also shown to catch a broken input.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import REPO

sys.path.insert(0, str(REPO / "docs"))
import driver_methods  # noqa: E402

VENDOR_DOCS = ("docs/writing-a-driver.md", "docs/test-support-in-staging.md",
               "contract/CHANGELOG.md", "contract/README.md")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
REPO_PATH = re.compile(r"`((?:src|tests|docs|examples|contract|features|steps|fixtures)/"
                       r"[\w./-]*[\w/])`")


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def broken_links(doc: Path) -> list[str]:
    """The links and backticked repository paths in ``doc`` that lead nowhere."""
    text = doc.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # an external URL
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", file.read_text(encoding="utf-8"), re.M)
            if anchor not in {slug(h) for h in headings}:
                broken.append(target)
    broken += [p for p in REPO_PATH.findall(text) if not (REPO / p.rstrip("/")).exists()]
    return broken


def contract_version() -> str:
    document = yaml.safe_load((REPO / "contract" / "openapi.yaml").read_text(encoding="utf-8"))
    return str(document["info"]["version"])


def test_the_license_is_mit_as_pyproject_says() -> None:
    license_text = (REPO / "LICENSE").read_text(encoding="utf-8")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert license_text.startswith("MIT License\n")
    assert "Copyright (c) 2026 the account-conformance authors" in license_text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in license_text


def test_the_changelog_has_the_contract_version_and_the_policy() -> None:
    changelog = (REPO / "contract" / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+\.\d+)$", changelog, re.M)
    assert versions[0] == contract_version(), (versions, contract_version())
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))),
                              reverse=True), versions
    assert "## Compatibility policy" in changelog
    for rule in ("GET /v1/meta", "same major", "`not_run`", "never ends in `fail`", "patch"):
        assert rule.lower() in changelog.lower(), rule
    readme = (REPO / "contract" / "README.md").read_text(encoding="utf-8")
    assert "(CHANGELOG.md)" in readme.split("## Changelog", 1)[1]
    assert not re.search(r"^- \*\*\d+\.\d+\.\d+\*\*", readme, re.M), "versions listed twice"


def test_the_driver_methods_table_is_current() -> None:
    printed = subprocess.run([sys.executable, str(REPO / "docs" / "driver_methods.py")],
                             cwd=REPO, capture_output=True, text=True, timeout=120)
    assert printed.returncode == 0, printed.stderr[-2000:]
    guide = (REPO / "docs" / "writing-a-driver.md").read_text(encoding="utf-8")
    assert driver_methods.table_in_guide(guide) == printed.stdout, (
        "docs/writing-a-driver.md is out of date: run python docs/driver_methods.py --write")
    rows = dict(re.findall(r"^\| (S\d\d) \| (.+) \|$", printed.stdout, re.M))
    assert "`request_merge`" in rows["S04"] and "`sso_sign_in`" in rows["S13"], rows
    assert "`sign_in_link`*" in rows["S08"] and "`transfer_ownership`" in rows["S18"], rows
    for method in driver_methods.protocol_order():
        assert re.search(rf"^\| `{method}`\*? \| S\d\d", printed.stdout, re.M) or method in (
            "request_count", "take_evidence", "redact", "remove_run_data"), method


def test_a_stale_table_is_caught() -> None:
    guide = (REPO / "docs" / "writing-a-driver.md").read_text(encoding="utf-8")
    stale = guide.replace("`request_merge`, ", "", 1)
    assert driver_methods.table_in_guide(stale) != driver_methods.table_in_guide(guide)
    with pytest.raises(ValueError, match="driver-methods"):
        driver_methods.table_in_guide("# a guide without the table\n")


def test_the_call_graph_follows_fixtures_and_not_local_names(tmp_path: Path) -> None:
    steps = tmp_path / "some_steps.py"
    steps.write_text("def step_merge(context):\n"
                     "    world = context.world\n"
                     "    ask_to_merge(world)\n"
                     "def step_other(context, ask_to_merge):\n"
                     "    ask_to_merge\n", encoding="utf-8")
    fixture = tmp_path / "helpers.py"
    fixture.write_text("def ask_to_merge(world):\n"
                       "    world.driver.request_merge(world.session('Alex'), 'a', 'b')\n"
                       "    check = world.driver.get_item\n", encoding="utf-8")
    graph = driver_methods.CallGraph([steps, fixture], driver_methods.protocol_methods())
    assert graph.needs(("some_steps", "step_merge")) == {"request_merge", "get_item"}
    assert graph.needs(("some_steps", "step_other")) == set()


def test_the_vendor_docs_link_to_what_exists() -> None:
    for name in VENDOR_DOCS:
        assert broken_links(REPO / name) == [], name


def test_a_broken_link_is_caught(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# Title\n[ok](#title) [gone](missing.md) [anchor](#nowhere) "
                   "`src/account_conformance/no_such_module.py` `src/account_conformance/`\n",
                   encoding="utf-8")
    assert broken_links(doc) == ["missing.md", "#nowhere",
                                 "src/account_conformance/no_such_module.py"]
