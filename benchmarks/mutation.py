"""Benchmark: mutation testing of the reference service, judged by the whole suite over HTTP.

Every mutant is one small change to ``src/account_reference/`` (an operator of cosmic-ray at
one place). For each: the reference package is copied to a temporary folder, the change is
applied to the copy (the working tree is never touched), the reference process is started
from the copy (``python -m account_reference`` with the copy's folder as working directory,
which Python puts first on ``sys.path``, ahead of the editable install), and the unmutated
suite runs against it over HTTP (``python -m account_conformance.cli run --base-url URL``).
The suite's exit code classifies the mutant:

* **killed** — exit 1: the suite failed the mutated service;
* **survived** — exit 0: every scenario passed;
* **stillborn** — the mutant is not valid Python, or the mutated reference never becomes
  ready: it dies at import (e.g. a route path built with ``>>``) or never answers its
  readiness read ``GET /v1/meta`` with 200 (e.g. the body guard drops every request). There
  is no service to judge; reported apart and left out of the score, as compile errors are in
  other mutation tools;
* **error** — the mutated service starts but the suite exits 2 (no verdict: e.g. the preflight
  found a test-support operation missing) or crashes; reported apart, and counted in the
  score's denominator (an error is not a kill);
* **timeout** — the run took longer than ``timeout_s``;
* **equivalent** — listed in ``benchmarks/mutation/equivalent.toml`` with a reason; not run.

The score is ``killed / (total - equivalent - stillborn)``, overall and per file; the survivors are
listed with file:line, operator and diff, the errors and timeouts apart.

Why cosmic-ray (``pip install -e '.[mutation]'``) rather than mutmut: cosmic-ray's operators
work on a parso tree of any module and can be used as a library (enumerate the positions,
``mutate_code`` for one occurrence), so each mutant becomes a mutated *copy* judged by an
arbitrary command — here a service process plus a suite run over HTTP. mutmut 3 rewrites the
code into trampolines selected by an environment variable and expects pytest to import the
code under test in-process; the reference runs in another process and is judged by behave
through HTTP, which does not fit. cosmic-ray's own runner mutates files in place; this
script uses only its operators and mutation engine and keeps its own session database.

What is mutated and what is not, with reasons: ``benchmarks/mutation/config.toml``
(fault-mode code, test-support and what only test-support uses, the process launcher; no
position inside a type annotation).

    python benchmarks/mutation.py --list                       # the candidates, no runs
    python benchmarks/mutation.py --sample 30 --seed 1 --workers 1 [--json OUT]
    python benchmarks/mutation.py --files 'rules.py' 'store/*.py' --session cr.sqlite
    python benchmarks/mutation.py --only 'rules.py:277:core/ReplaceComparisonOperator_Eq_GtE:2'

Each suite run stops at the first failing scenario (``account-conformance run --stop``): one
failure kills the mutant, so the rest of the run would not change the outcome; a survivor
always runs the whole suite. ``--no-stop`` runs every scenario (to see all the statements a
mutant fails). ``--tags`` narrows the suite for a quick check of one area: such a run prints
no score.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import hashlib
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "account_reference"
HERE = REPO / "benchmarks" / "mutation"
CONFIG = HERE / "config.toml"
EQUIVALENT = HERE / "equivalent.toml"
START_TIMEOUT_S = 8.0
"""How long a mutated reference gets to answer ``GET /v1/meta`` with 200 (the unmutated one
needs about a second); past it the mutant is stillborn."""
OUTCOMES = ("killed", "survived", "error", "timeout", "stillborn", "equivalent")


# -- what is mutated --------------------------------------------------------------------------
@dataclass(frozen=True)
class Exclusions:
    """Files and definitions left out of the candidate set, each with its reason."""

    files: dict[str, str]
    definitions: dict[tuple[str, str], str]
    operators: dict[str, str]
    suite_seed: int = 1
    timeout_s: float = 300.0

    def file_reason(self, rel: str) -> str | None:
        """Why the file ``rel`` (relative to the package) is not mutated, or None."""
        for path, reason in self.files.items():
            if rel == path or (path.endswith("/") and rel.startswith(path)):
                return reason
        return None

    def definition_reason(self, rel: str, qualname: str | None) -> str | None:
        """Why a position in definition ``qualname`` of ``rel`` is not mutated, or None."""
        if not qualname:
            return None
        for (path, name), reason in self.definitions.items():
            if path == rel and (qualname == name or qualname.startswith(name + ".")):
                return reason
        return None


def load_exclusions(path: Path = CONFIG) -> Exclusions:
    """Read ``config.toml``; every exclusion must carry a non-empty reason."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    exclude = data.get("exclude", {})
    for kind in ("file", "definition", "operator"):
        for entry in exclude.get(kind, []):
            if not str(entry.get("reason", "")).strip():
                raise ValueError(f"{path}: exclude.{kind} {entry} has no reason")
    run = data.get("run", {})
    return Exclusions(
        files={e["path"]: e["reason"] for e in exclude.get("file", [])},
        definitions={(e["file"], e["name"]): e["reason"] for e in exclude.get("definition", [])},
        operators={e["name"]: e["reason"] for e in exclude.get("operator", [])},
        suite_seed=int(run.get("suite_seed", 1)), timeout_s=float(run.get("timeout_s", 300)))


@dataclass(frozen=True)
class Mutant:
    """One mutation: ``operator`` at its ``occurrence``-th position in ``file``."""

    file: str          # relative to src/account_reference, posix
    line: int
    operator: str      # cosmic-ray name, e.g. core/NumberReplacer
    occurrence: int    # cosmic-ray's index among the operator's positions in the file
    code: str          # the original source line, stripped
    on_line: int       # which of the operator's positions on that line (0 = first)
    definition: str | None = None

    @property
    def key(self) -> str:
        """A readable unique key: file:line:operator:occurrence."""
        return f"{self.file}:{self.line}:{self.operator}:{self.occurrence}"

    @property
    def stable_key(self) -> tuple[str, str, str, int]:
        """What the equivalent-mutants file matches on: survives edits elsewhere."""
        return (self.file, self.operator, self.code, self.on_line)


def _qualname(node: Any) -> str | None:
    """The dotted name of the classes and functions enclosing a parso node."""
    from parso.python import tree

    names: list[str] = []
    obj = node
    while obj is not None:
        if isinstance(obj, (tree.Function, tree.Class)) and not isinstance(obj, tree.Lambda):
            names.append(obj.name.value)
        obj = obj.parent
    return ".".join(reversed(names)) or None


def _in_annotation(node: Any) -> bool:
    """Whether a parso node is (inside) a parameter, return or variable annotation."""
    from parso.python import tree

    child, obj = node, node.parent
    while obj is not None:
        if isinstance(obj, tree.Param) and obj.annotation is not None:
            annotation = obj.annotation
            if annotation.start_pos <= node.start_pos and node.end_pos <= annotation.end_pos:
                return True
        if obj.type == "annassign" and child is obj.children[1]:
            return True
        if isinstance(obj, tree.Function) and obj.annotation is not None and (
                child is obj.annotation):
            return True
        child, obj = obj, obj.parent
    return False


def _is_unpacking(node: Any) -> bool:
    """Whether a ``*``/``**`` leaf unpacks (``{**a}``, ``f(*, b)``) rather than multiplies.

    cosmic-ray 8.7 takes these for binary operators; their mutants are not valid Python.
    """
    if getattr(node, "type", "") != "operator" or node.value not in ("*", "**"):
        return False
    if node.parent is not None and node.parent.type in ("parameters", "lambdef"):
        return True  # def f(a, *, b): the keyword-only marker
    before = node.get_previous_sibling()
    return before is None or (before.type == "operator" and before.value in "{[(,")


def _applicable(operator: Any, node: Any, index: int) -> bool:
    """Whether cosmic-ray can apply the operator there (8.7's ExceptionReplacer cannot
    rename a dotted exception such as ``except json.JSONDecodeError``)."""
    from parso.python.tree import Name

    if type(operator).__name__ == "ExceptionReplacer":
        names = operator._name_nodes(node)
        return index < len(names) and isinstance(names[index], Name)
    return True


def _operators(exclusions: Exclusions) -> list[tuple[str, Any]]:
    """Every argument-free core operator of cosmic-ray not excluded: (name, instance)."""
    from cosmic_ray import plugins

    chosen = []
    for name in plugins.operator_names():
        cls = plugins.get_operator(name)
        if cls.arguments() or name in exclusions.operators:
            continue
        chosen.append((name, cls()))
    return chosen


def package_files(patterns: Sequence[str] = ()) -> list[str]:
    """The package's modules (relative, posix), optionally only those matching ``patterns``."""
    files = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if "__pycache__" not in p.parts)
    if patterns:
        files = [f for f in files if any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    return files


def enumerate_mutants(exclusions: Exclusions, patterns: Sequence[str] = (),
                      root: Path | None = None) -> list[Mutant]:
    """Every candidate mutant, in a stable order (file, line, operator, occurrence)."""
    from cosmic_ray.ast import ast_nodes, get_ast_from_path

    root = root or PACKAGE
    operators = _operators(exclusions)
    mutants: list[Mutant] = []
    for rel in package_files(patterns):
        if exclusions.file_reason(rel):
            continue
        module = get_ast_from_path(root / rel)
        lines = (root / rel).read_text(encoding="utf-8").splitlines()
        nodes = list(ast_nodes(module))
        for name, operator in operators:
            per_line: dict[tuple[int, str], int] = {}
            positions = ((node, index, start) for node in nodes
                         for index, (start, _) in enumerate(operator.mutation_positions(node)))
            for occurrence, (node, index, start) in enumerate(positions):
                line = start[0]
                code = lines[line - 1].strip() if line <= len(lines) else ""
                on_line = per_line.get((line, code), 0)
                per_line[(line, code)] = on_line + 1
                qualname = _qualname(node)
                if (_in_annotation(node) or _is_unpacking(node)
                        or not _applicable(operator, node, index)
                        or exclusions.definition_reason(rel, qualname)):
                    continue
                mutants.append(Mutant(rel, line, name, occurrence, code, on_line, qualname))
    mutants.sort(key=lambda m: (m.file, m.line, m.operator, m.occurrence))
    return mutants


# -- equivalent mutants -----------------------------------------------------------------------
@dataclass(frozen=True)
class Equivalent:
    """One entry of ``equivalent.toml``."""

    file: str
    operator: str
    code: str
    occurrence: int
    reason: str
    line: int = 0

    @property
    def stable_key(self) -> tuple[str, str, str, int]:
        """The key it matches a ``Mutant.stable_key`` with."""
        return (self.file, self.operator, self.code.strip(), self.occurrence)


def load_equivalents(path: Path = EQUIVALENT) -> list[Equivalent]:
    """The listed equivalent mutants; each must name a file, operator, code and a reason."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    for raw in data.get("equivalent", []):
        missing = [k for k in ("file", "operator", "code", "reason") if not str(
            raw.get(k, "")).strip()]
        if missing:
            raise ValueError(f"{path}: entry {raw} lacks {', '.join(missing)}")
        entries.append(Equivalent(raw["file"], raw["operator"], raw["code"],
                                  int(raw.get("occurrence", 0)), raw["reason"],
                                  int(raw.get("line", 0))))
    return entries


# -- running one mutant -----------------------------------------------------------------------
@dataclass
class Result:
    """What the suite said about one mutant."""

    mutant: Mutant
    outcome: str
    wall_s: float = 0.0
    exit_code: int | None = None
    failing: dict[str, str] = field(default_factory=dict)
    detail: str = ""
    diff: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {**asdict(self.mutant), "key": self.mutant.key,
                **{k: v for k, v in asdict(self).items() if k != "mutant"}}


def mutated_source(mutant: Mutant, root: Path | None = None) -> tuple[str, str]:
    """The original and the mutated text of the mutant's file."""
    from cosmic_ray import plugins
    from cosmic_ray.mutating import mutate_code

    original = ((root or PACKAGE) / mutant.file).read_text(encoding="utf-8")
    operator = plugins.get_operator(mutant.operator)()
    mutated = mutate_code(original, operator, mutant.occurrence)
    if mutated is None:
        raise ValueError(f"{mutant.key}: cosmic-ray found no such mutation")
    return original, mutated


def unified_diff(mutant: Mutant, original: str, mutated: str) -> str:
    """A short unified diff of the mutation."""
    return "".join(difflib.unified_diff(
        original.splitlines(keepends=True), mutated.splitlines(keepends=True),
        f"a/src/account_reference/{mutant.file}", f"b/src/account_reference/{mutant.file}",
        n=1))


def copy_package(into: Path) -> Path:
    """Copy the reference package (no caches) into ``into``; the copy's package folder."""
    target = into / "account_reference"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@dataclass(frozen=True)
class SuiteOptions:
    """How each mutant's suite run is made."""

    seed: int
    timeout_s: float
    stop: bool = True          # stop at the first failing scenario
    tags: str | None = None    # a partial suite (no score)


def _suite(base_url: str, report_dir: Path, options: SuiteOptions,
           ) -> tuple[int | None, dict[str, str], str]:
    """One suite run over HTTP: exit code (None on timeout), failing verdicts, tail."""
    command = [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", base_url,
               "--report-dir", str(report_dir), "--seed", str(options.seed),
               "--format", "progress", "--workers", "1"]
    if options.stop:
        command.append("--stop")
    if options.tags:
        command += ["--tags", options.tags]
    timeout_s = options.timeout_s
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                              timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return None, {}, f"no verdict within {timeout_s:.0f} s"
    failing: dict[str, str] = {}
    results = report_dir / "results.json"
    if results.is_file():
        data = json.loads(results.read_text(encoding="utf-8"))
        failing = {s["id"]: s["verdict"] for s in data["statements"]
                   if s["verdict"] not in ("pass", "not_testable")}
        if data.get("run_error"):
            return done.returncode, failing, str(data["run_error"])[:500]
    return done.returncode, failing, (done.stdout + done.stderr)[-500:]


def run_mutant(mutant: Mutant | None, options: SuiteOptions) -> Result:
    """Start a reference from a (mutated) copy, run the suite against it, classify."""
    from account_conformance.embedded import EmbeddedReference, EmbeddedReferenceError

    started = time.perf_counter()
    baseline = Mutant("(baseline)", 0, "none", 0, "", 0)
    with tempfile.TemporaryDirectory(prefix="acr-mutant-") as tmp:
        workdir = Path(tmp)
        package = copy_package(workdir)
        diff = ""
        if mutant is not None:
            original, mutated = mutated_source(mutant)
            (package / mutant.file).write_text(mutated, encoding="utf-8")
            diff = unified_diff(mutant, original, mutated)
        result = Result(mutant or baseline, "stillborn", diff=diff)
        try:
            compile((package / result.mutant.file).read_text(encoding="utf-8")
                    if mutant else "", mutant.file if mutant else "-", "exec")
        except SyntaxError as exc:
            result.detail = f"the mutant is not valid Python: {exc}"
            return result
        # the copy comes first on sys.path; the unmutated reference is ready in about a second
        service = EmbeddedReference(cwd=workdir, start_timeout_s=START_TIMEOUT_S)
        try:
            base_url = service.start()
        except EmbeddedReferenceError as exc:
            result.detail = f"the mutated reference never became ready: {exc}"[:500]
            result.wall_s = round(time.perf_counter() - started, 2)
            return result
        try:
            code, failing, tail = _suite(base_url, workdir / "report", options)
        finally:
            service.stop()
    result.exit_code, result.failing = code, failing
    result.outcome = ("timeout" if code is None else
                      {0: "survived", 1: "killed"}.get(code, "error"))
    if result.outcome != "killed":
        result.detail = tail
    result.wall_s = round(time.perf_counter() - started, 2)
    return result


# -- session database: resume a long run ------------------------------------------------------
class Session:
    """Results kept in SQLite, keyed by mutant and the digest of its file's source."""

    def __init__(self, path: Path | None) -> None:
        self.lock = threading.Lock()
        self.db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT, digest TEXT, "
                        "data TEXT, PRIMARY KEY (key, digest))")

    @staticmethod
    def digest(mutant: Mutant) -> str:
        """The source digest of the mutant's file (and the suite's features)."""
        sha = hashlib.sha256((PACKAGE / mutant.file).read_bytes())
        for feature in sorted((REPO / "features").glob("*.feature")):
            sha.update(feature.read_bytes())
        return sha.hexdigest()[:16]

    def get(self, mutant: Mutant) -> dict[str, Any] | None:
        """A stored result for this mutant of this source, or None."""
        with self.lock:
            row = self.db.execute("SELECT data FROM results WHERE key = ? AND digest = ?",
                                  (mutant.key, self.digest(mutant))).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, result: Result) -> None:
        """Store one result."""
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                            (result.mutant.key, self.digest(result.mutant),
                             json.dumps(result.as_dict())))
            self.db.commit()


# -- the score --------------------------------------------------------------------------------
def score(results: Iterable[Result]) -> dict[str, Any]:
    """Counts per outcome and the score killed / (total - equivalent - stillborn), overall and
    per file."""
    def summary(items: list[Result]) -> dict[str, Any]:
        counts = {outcome: sum(r.outcome == outcome for r in items) for outcome in OUTCOMES}
        judged = len(items) - counts["equivalent"] - counts["stillborn"]
        verdicts = counts["killed"] + counts["survived"]
        return {"total": len(items), **counts,
                "score": round(counts["killed"] / judged, 4) if judged else None,
                "score_of_verdicts": (round(counts["killed"] / verdicts, 4)
                                      if verdicts else None)}

    items = list(results)
    files = sorted({r.mutant.file for r in items})
    return {"overall": summary(items),
            "per_file": {f: summary([r for r in items if r.mutant.file == f]) for f in files}}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def render(results: list[Result], totals: dict[str, Any], stale: list[Equivalent],
           candidates: int, sample_note: str) -> str:
    """The printed report."""
    overall = totals["overall"]
    out = [f"mutation score: {overall['killed']} killed / ({overall['total']} total - "
           f"{overall['equivalent']} equivalent - {overall['stillborn']} stillborn) = "
           f"{_percent(overall['score'])}  "
           f"[{sample_note}; {candidates} candidates]",
           f"  survived {overall['survived']}, errors {overall['error']}, timeouts "
           f"{overall['timeout']}; of the mutants with a verdict (killed or survived): "
           f"{_percent(overall['score_of_verdicts'])} killed", "", "per file:"]
    for name, row in totals["per_file"].items():
        judged = row['total'] - row['equivalent'] - row['stillborn']
        out.append(f"  {name:<28} {row['killed']:>4}/{judged:<4} "
                   f"{_percent(row['score']):>7}  survived {row['survived']}, "
                   f"errors {row['error']}, timeouts {row['timeout']}")
    for title, outcome in (("survivors", "survived"), ("errors (exit 2: no verdict)", "error"),
                           ("timeouts", "timeout"),
                           ("stillborn (not valid Python, or the service cannot start; "
                            "not in the score)", "stillborn")):
        chosen = [r for r in results if r.outcome == outcome]
        if not chosen:
            continue
        out += ["", f"{title}:"]
        for r in chosen:
            m = r.mutant
            out.append(f"- {m.file}:{m.line} {m.operator} (occurrence {m.occurrence}, "
                       f"in {m.definition or 'module'})")
            if outcome != "survived" and r.detail:
                out.append("  " + r.detail.strip().splitlines()[-1][:300])
            out += ["  " + line for line in r.diff.rstrip().splitlines()[2:]]
    walls = [r.wall_s for r in results if r.outcome != "equivalent" and r.wall_s]
    if walls:
        out += ["", f"wall time per mutant: median {statistics.median(walls):.1f} s, "
                    f"mean {statistics.fmean(walls):.1f} s, max {max(walls):.1f} s "
                    f"({len(walls)} run)"]
    for entry in stale:
        out.append(f"stale equivalent entry (matches no mutant): {entry.file}:{entry.line} "
                   f"{entry.operator} {entry.code!r}")
    return "\n".join(out)


# -- the command ------------------------------------------------------------------------------
def select(candidates: list[Mutant], sample: int | None, seed: int) -> list[Mutant]:
    """All candidates, or a fixed-seed sample of ``sample`` of them (in key order)."""
    if sample is None or sample >= len(candidates):
        return list(candidates)
    chosen = random.Random(seed).sample(candidates, sample)
    return sorted(chosen, key=lambda m: (m.file, m.line, m.operator, m.occurrence))


def run_all(mutants: list[Mutant], equivalents: list[Equivalent], *, workers: int,
            options: SuiteOptions, session: Session,
            progress: Callable[[Result], None] | None = None) -> list[Result]:
    """Run (or look up) every mutant, ``workers`` at a time; equivalents are not run."""
    known = {e.stable_key: e for e in equivalents}

    def one(mutant: Mutant) -> Result:
        if mutant.stable_key in known:
            original, mutated = mutated_source(mutant)
            result = Result(mutant, "equivalent", detail=known[mutant.stable_key].reason,
                            diff=unified_diff(mutant, original, mutated))
        elif (stored := session.get(mutant)) is not None:
            result = Result(mutant, stored["outcome"], stored["wall_s"], stored["exit_code"],
                            stored["failing"], stored["detail"], stored["diff"])
        else:
            result = run_mutant(mutant, options)
            if not options.tags:
                session.put(result)
        if progress:
            progress(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, mutants))


def stale_equivalents(equivalents: list[Equivalent], candidates: list[Mutant]) -> list[Equivalent]:
    """Entries of the equivalent file that match no candidate (the code moved or changed)."""
    keys = {m.stable_key for m in candidates}
    return [e for e in equivalents if e.stable_key not in keys]


def _iter_lines(items: Iterable[Mutant]) -> Iterator[str]:
    for m in items:
        yield f"{m.key}  [{m.definition or 'module'}]  {m.code}"


def snapshot_package(into: Path) -> None:
    """Point ``PACKAGE`` at a copy of the reference taken now, so that a long run mutates,
    digests and starts one fixed source even while the working tree is edited."""
    global PACKAGE
    PACKAGE = copy_package(into)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse options, run the mutants, print the report; exit 0 (1 if the baseline fails)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="run a fixed-seed sample of N mutants")
    parser.add_argument("--seed", type=int, default=1, help="the sample's seed (default 1)")
    parser.add_argument("--suite-seed", type=int, help="the suite's --seed (config: 1)")
    parser.add_argument("--workers", type=int, default=1, help="mutants at a time")
    parser.add_argument("--files", nargs="+", default=[],
                        help="only these modules (globs relative to src/account_reference)")
    parser.add_argument("--json", type=Path, help="write every result and the score here")
    parser.add_argument("--session", type=Path,
                        help="SQLite file keeping results; a rerun skips what it holds")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (config: 300)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the unmutated run that must pass first")
    parser.add_argument("--list", action="store_true", help="list the candidates and stop")
    parser.add_argument("--only", nargs="+", default=[], metavar="KEY",
                        help="run exactly these mutants (keys as --list prints them)")
    parser.add_argument("--tags", help="narrow each suite run to a behave tag expression "
                                       "(a quick check of one area; no score is claimed)")
    parser.add_argument("--no-stop", action="store_true",
                        help="run every scenario, not only up to the first failure")
    args = parser.parse_args(argv)

    snapshot = tempfile.TemporaryDirectory(prefix="acr-mutation-source-")
    snapshot_package(Path(snapshot.name))
    exclusions = load_exclusions()
    equivalents = load_equivalents()
    candidates = enumerate_mutants(exclusions, args.files)
    chosen = select(candidates, args.sample, args.seed)
    if args.only:
        by_key = {m.key: m for m in candidates}
        unknown = [key for key in args.only if key not in by_key]
        if unknown:
            print(f"no such candidate mutant: {', '.join(unknown)} (see --list)", file=sys.stderr)
            return 2
        chosen = [by_key[key] for key in args.only]
    if args.list:
        print("\n".join(_iter_lines(chosen)))
        print(f"{len(chosen)} of {len(candidates)} candidates", file=sys.stderr)
        return 0
    seed = args.suite_seed if args.suite_seed is not None else exclusions.suite_seed
    options = SuiteOptions(seed, args.timeout or exclusions.timeout_s, stop=not args.no_stop,
                           tags=args.tags)
    started = time.perf_counter()
    if not args.no_baseline:
        baseline = run_mutant(None, options)
        print(f"baseline (unmutated copy): {baseline.outcome}, {baseline.wall_s:.1f} s",
              file=sys.stderr)
        if baseline.outcome != "survived":
            print(f"the unmutated reference does not pass: {baseline.detail}", file=sys.stderr)
            return 1
    done = [0]

    def progress(result: Result) -> None:
        done[0] += 1
        print(f"[{done[0]}/{len(chosen)}] {result.outcome:<10} {result.wall_s:6.1f} s  "
              f"{result.mutant.key}", file=sys.stderr, flush=True)

    results = run_all(chosen, equivalents, workers=args.workers, options=options,
                      session=Session(args.session), progress=progress)
    totals = score(results)
    note = (f"fixed-seed sample of {len(chosen)} (--sample {args.sample} --seed {args.seed})"
            if args.sample is not None and len(chosen) < len(candidates) else "all candidates")
    if args.only or args.files:
        note = f"{len(chosen)} chosen mutants (--only/--files): not a score of the candidate set"
    if args.tags:
        note += f"; PARTIAL suite (--tags {args.tags!r}): not a score"
    stale = stale_equivalents(equivalents, candidates) if not args.files else []
    print(render(results, totals, stale, len(candidates), note))
    wall = time.perf_counter() - started
    print(f"wall time {wall:.0f} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({
            "sample": note, "candidates": len(candidates), "suite_seed": seed,
            "wall_s": round(wall, 1), "score": totals,
            "results": [r.as_dict() for r in results]}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
