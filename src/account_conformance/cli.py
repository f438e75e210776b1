"""The ``account-conformance`` command: run the suite, list statements and the reference
service's fault modes, serve the reference.

``run`` executes the behave suite in-process against ``--base-url`` or, without one, the
embedded reference service; prints the statement table; writes ``results.json`` to
``--report-dir``; and exits 0 (every check ran and passed), 1 (a check failed: the service
broke a statement) or 2 (the suite could not reach a verdict, or nothing ran).

Before any scenario runs, ``run`` checks the configuration (unknown settings, a base URL
with user-info, CR/LF in headers, ``--require-target`` without a URL: one line, exit 2, and
with ``--report-dir`` a report saying so) and the report directory (``report_dir.py``).
``cleanup`` removes what a killed run left on a service (``cleanup.py``).

After a run that did not pass, one block per failed or erred scenario (``console.py``), with
a rerun command (``--name``, matched exactly); ``-q`` prints only the table and the blocks,
``-v`` also the passed scenarios. With ``--workers``/``--shard`` the parent prints the seed
line before the workers start and a line as each worker finishes (``part_progress.py``);
``--format``/``--outfile`` reach every worker, each with an outfile of its own
(``worker_format.py``), and the parent says where they are. Without ``--report-dir``
the temporary folder is removed when the run passes and kept (and named) when it does not.
User mistakes (bad options, a formatter that is not installed, a config file that cannot be
read, a closed pipe) end in one ``account-conformance: ...`` line and exit 2, no traceback.
The options themselves are in ``cli_parser.py``; this module runs the subcommands.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .catalog import load_catalog
from .cli_parser import EXIT_ERROR, EXIT_FAIL, EXIT_PASS
from .cli_parser import build_parser as build_parser  # tests import it here
from .config import ENVIRONMENT
from .console import (
    MAX_BLOCKS,
    failure_blocks,
    name_pattern,
    passed_lines,
    run_options,
    use_colour,
)
from .selection import suite_root as suite_root  # where the suite is; tests import it here

if TYPE_CHECKING:
    from .config import SuiteConfig


def cmd_run(args: argparse.Namespace) -> int:
    """Run the suite, print the console blocks, and return the exit code the outcome calls
    for; a run without ``--report-dir`` keeps its temporary folder only when it did not
    pass (the blocks point at its evidence)."""
    problem = check_faults(args) or check_run_arguments(args)
    if problem:
        print(f"account-conformance: {problem}", file=sys.stderr)
        return EXIT_ERROR
    chosen = args.report_dir or os.environ.get(ENVIRONMENT["report_dir"])
    report_dir = Path(chosen) if chosen else Path(
        tempfile.mkdtemp(prefix="account-conformance-"))
    code, results = run_suite(args, report_dir)
    if chosen:
        note = f"results in {report_dir / 'results.json'}"
    elif results is not None and code != EXIT_PASS:  # the blocks point at its evidence
        note = (f"results kept in {report_dir} because the run did not pass "
                "(no --report-dir; remove it when done)")
    else:  # passed, or refused before any report: nothing worth keeping
        shutil.rmtree(report_dir, ignore_errors=True)
        note = "results not kept (no --report-dir)"
    if results is not None and not args.quiet:
        print(f"account-conformance: {distributed_note(results)}{note}; exit {code}",
              file=sys.stderr)
    return code


def distributed_note(results: dict[str, Any]) -> str:
    """``4 parts; `` for a run merged from worker parts, else ''."""
    parts = results.get("parts")
    return f"{parts} parts; " if parts else ""


def check_run_arguments(args: argparse.Namespace) -> str | None:
    """Why the options of ``run`` cannot be honoured together (None when they can)."""
    from .selection import tag_expression

    if args.tags:
        try:
            tag_expression(args.tags)
        except ValueError as exc:
            return f"--tags: {str(exc).splitlines()[0]}"
    if args.base_url is not None and args.base_url != args.base_url.strip():
        return f"--base-url {args.base_url!r} has leading or trailing whitespace"
    if args.outfile and args.format == "auto":
        return "--outfile needs --format (the behave formatter that writes it)"
    if args.format != "auto":
        problem = formatter_problem(args.format)
        if problem:
            return problem
    parallel = (args.workers or 1) > 1 or bool(args.shard)
    if parallel and args.name:
        return "--name selects scenarios for one serial run; drop --workers/--shard"
    for name in args.name or ():
        if not names_a_scenario(name):
            return (f"--name “{name.strip()}” matches no scenario (a name is matched whole, as "
                    "a failure block's rerun line prints it; results.json lists every name)")
    return None


def names_a_scenario(name: str) -> bool:
    """Whether ``--name name`` matches a scenario of the suite (any profile, tag or row)."""
    from behave.parser import parse_file

    from .selection import feature_files

    pattern = re.compile(name_pattern(name))
    for path in feature_files(suite_root() / "features"):
        feature = parse_file(str(path))
        if feature is not None and any(pattern.search(scenario.name)
                                       for scenario in feature.walk_scenarios()):
            return True
    return False


def formatter_problem(name: str) -> str | None:
    """Why behave cannot use the formatter ``name`` (None when it can)."""
    from behave.formatter._registry import format_iter, select_formatter_class

    try:
        select_formatter_class(name)
    except ModuleNotFoundError as exc:
        return (f"--format {name}: module {exc.name!r} is not installed "
                f"(e.g. pip install allure-behave for allure_behave)")
    except ImportError as exc:
        return f"--format {name}: cannot be loaded: {str(exc).splitlines()[0]}"
    except (LookupError, ValueError):
        known = ", ".join(sorted(format_iter()))
        return (f"--format {name}: unknown formatter; behave's own: {known}; "
                "or package.module:Class")
    return None


class WithoutRunnerLine(io.TextIOBase):
    """Standard output for behave without its ``USING RUNNER: …`` line (behave prints it
    whenever a runner class is named; it tells a user nothing)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self._dropping = False

    def write(self, text: str) -> int:
        """Pass ``text`` on, unless it is the runner line (or the newline ending it)."""
        if text.startswith("USING RUNNER:"):
            self._dropping = not text.endswith("\n")
            return len(text)
        if self._dropping and text == "\n":
            self._dropping = False
            return len(text)
        self._dropping = False
        return self._stream.write(text)

    def flush(self) -> None:
        """Flush the terminal or file underneath."""
        self._stream.flush()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal (formatters colour by it)."""
        return self._stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the stream underneath."""
        return getattr(self._stream, "encoding", "utf-8")


def run_suite(args: argparse.Namespace, report_dir: Path) -> tuple[int, dict[str, Any] | None]:
    """Run the suite into ``report_dir``; the exit code and the results (None: no report)."""
    from behave.__main__ import main as behave_main

    from .config import ConfigurationError, SuiteConfig
    from .report_dir import ReportDirError, prepare_report_dir

    root = suite_root()
    try:
        prepare_report_dir(report_dir)
    except ReportDirError as exc:
        print(f"account-conformance: {exc}", file=sys.stderr)
        return EXIT_ERROR, None
    userdata = {"report_dir": str(report_dir.resolve())}
    if args.base_url:
        userdata["base_url"] = args.base_url
    if args.seed is not None:
        userdata["seed"] = str(args.seed)
    if args.fault:
        userdata["faults"] = ",".join(args.fault)
    for option in ("config", "profile", "expectations", "driver", "run_prefix", "browser",
                   "browser_path", "ui_locators", "ui_driver"):
        value = getattr(args, option, None)
        if value:
            userdata[option] = str(Path(value).resolve()) if option in (
                "config", "expectations", "ui_locators") else value
    if args.shuffle:
        userdata["shuffle"] = "1"
    if args.require_target:
        userdata["require_target"] = "true"
    if args.max_rps is not None:
        userdata["max_rps"] = args.max_rps
    try:
        config = SuiteConfig.load(userdata)
    except (ConfigurationError, OSError, UnicodeError) as exc:
        reason = f"bad configuration: {config_problem(exc, args.config)}"
        print(f"account-conformance: {reason}", file=sys.stderr)
        if args.report_dir:
            config_error_report(report_dir, reason, args.tags, root)
        return EXIT_ERROR, None
    live = args.format == "auto" and sys.stderr.isatty() and not args.quiet
    behave_format = args.format
    if args.format == "auto":
        behave_format = "null" if live or args.quiet else "progress"
    if live:
        userdata["live_progress"] = "1"
    cwd = Path.cwd()
    if str(cwd) not in sys.path:  # a vendor's --driver module lives where they run us
        sys.path.insert(0, str(cwd))
    # workers run in the suite's folder: their part folders must not be relative
    distributed = distributed_run(args, root, userdata, report_dir.resolve(), config)
    if distributed is not None:
        return distributed
    if args.quiet:
        userdata["quiet"] = "1"
    behave_args = [str(root / "features"), "--no-capture-stderr", "--format", behave_format,
                   "--no-summary" if behave_format in ("progress", "null") else "--summary"]
    if args.outfile:  # behave runs in the suite's folder: the path is the user's
        behave_args += ["--outfile", str(Path(args.outfile).resolve())]
    for key, value in userdata.items():
        behave_args += ["-D", f"{key}={value}"]
    if args.tags:
        behave_args += ["--tags", args.tags]
    for name in args.name or ():
        behave_args += ["--name", name_pattern(name)]
    if args.stop:
        behave_args.append("--stop")
    results_path = report_dir / "results.json"
    behave_output = io.StringIO()  # -q: behave's own stdout lines held back
    try:
        os.chdir(root)
        with contextlib.redirect_stdout(behave_output if args.quiet and args.format == "auto"
                                        else WithoutRunnerLine(sys.stdout)):
            behave_main(behave_args)
    except SystemExit:  # behave_runner.SuiteRunner: exit 2; the code is in results.json
        pass
    finally:
        os.chdir(cwd)
        held = [line for line in behave_output.getvalue().splitlines()
                if not line.startswith("USING RUNNER:")]
        if held:  # a parser error, say: still shown
            print("\n".join(held))
    if not results_path.is_file():
        print(f"account-conformance: the run wrote no {results_path}", file=sys.stderr)
        return EXIT_ERROR, None
    try:
        results = json.loads(results_path.read_text(encoding="utf-8"))
        code = int(results["exit_code"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"account-conformance: {results_path} cannot be read "
              f"({exc.__class__.__name__}); no verdict", file=sys.stderr)
        return EXIT_ERROR, None
    show_console(args, results, report_dir, table=bool(args.quiet))
    return code, results


def config_problem(exc: BaseException, config_file: str | None = None) -> str:
    """One line for a configuration that cannot be read or used."""
    if isinstance(exc, UnicodeDecodeError):
        config_file = config_file or os.environ.get("ACCOUNT_CONFORMANCE_CONFIG")
        return (f"config file {config_file or '?'} is not UTF-8 text "
                f"({exc.reason} at byte {exc.start})")
    if isinstance(exc, OSError) and exc.filename:
        return f"cannot read {exc.filename}: {exc.strerror}"
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def target_options(args: argparse.Namespace) -> list[str]:
    """The options a rerun of one scenario needs to meet the same service the same way."""
    pairs: list[tuple[str, str | None]] = [
        ("--base-url", args.base_url), ("--config", args.config), ("--driver", args.driver),
        ("--profile", args.profile), ("--browser", args.browser),
        ("--browser-path", args.browser_path), ("--ui-locators", args.ui_locators),
        ("--ui-driver", args.ui_driver)]
    pairs += [("--fault", fault) for fault in args.fault or ()]
    return run_options(pairs)


def show_console(args: argparse.Namespace, results: dict[str, Any], report_dir: Path, *,
                 table: bool) -> None:
    """After a run: the verdict table (``table``: when nobody printed it yet), passed
    scenarios with ``-v``, and one block per failed or erred scenario."""
    from .reporting import render_table

    colour = use_colour(sys.stderr)
    if table:
        print(render_table(results), file=sys.stderr)
    if args.verbose:
        passed = passed_lines(results, colour)
        if passed:
            print(passed, file=sys.stderr)
    blocks = failure_blocks(results, options=target_options(args), report_dir=report_dir,
                            cwd=Path.cwd(), colour=colour,
                            limit=None if args.verbose else MAX_BLOCKS)
    if blocks:
        print("", blocks, sep="\n", file=sys.stderr)


def config_error_report(report_dir: Path, reason: str, tags: str | None, root: Path) -> None:
    """The report of a run refused for its configuration: nothing ran, exit 2."""
    from .config import SuiteConfig
    from .parallel import no_run_report
    from .selection import plan

    try:
        selected = plan(root / "features", "interpreted", tags)
    except Exception:  # noqa: BLE001 - a bad tag expression: report no selection
        selected = []
    no_run_report(selected, report_dir, SuiteConfig(seed=0, run_prefix="acr-unconfigured"),
                  tags, target="unknown (bad configuration)", reason=reason, shard=None,
                  features_dir=root / "features")


def distributed_run(args: argparse.Namespace, root: Path, userdata: dict[str, str],
                    report_dir: Path, config: SuiteConfig
                    ) -> tuple[int, dict[str, Any] | None] | None:
    """Run with worker processes or as a CI shard; None for an ordinary serial run.

    The parent prints the seed line before any worker starts and a progress line as each
    worker finishes; ``--format`` runs in every worker, and the parent says where their
    outputs are."""
    from .config import ConfigurationError
    from .interrupts import Interrupts
    from .parallel import MergeError, default_workers, run_distributed
    from .part_progress import PartProgress
    from .reporting import render_table
    from .selection import parse_shard, plan
    from .worker_format import WorkerFormat

    # --format without --workers: one output where the user asked, as before workers had it
    explicit_serial = bool(args.name) or args.format != "auto"
    workers = args.workers or (1 if explicit_serial else default_workers(
        args.base_url, os.cpu_count() or 1))
    if workers <= 1 and not args.shard:
        return None
    if args.stop:
        print("account-conformance: --stop needs one serial run (--workers 1, no --shard)",
              file=sys.stderr)
        return EXIT_ERROR, None
    try:
        shard = parse_shard(args.shard) if args.shard else None
        selected = plan(root / "features", config.profile, args.tags, shard,
                        browser=config.browser is not None)
    except ValueError as exc:
        print(f"account-conformance: --shard: {exc}", file=sys.stderr)
        return EXIT_ERROR, None
    # the workers and this line agree on the seed and prefix: pinned before they start
    userdata = {**userdata, "seed": str(config.seed), "run_prefix": config.run_prefix}
    parts = max(1, min(workers, len(selected)))
    if not args.quiet:
        where = f"shard {args.shard}, " if shard else ""
        print(f"account-conformance: seed {config.seed} (replay with --seed {config.seed}), "
              f"run prefix {config.run_prefix}, profile {config.profile}, target "
              f"{config.base_url or 'embedded reference service'}; {where}"
              f"{len(selected)} scenarios in {parts} worker(s)", file=sys.stderr, flush=True)
    progress = None if args.quiet else PartProgress(sys.stderr)
    worker_format = None if args.format == "auto" else WorkerFormat(
        args.format, args.outfile, Path.cwd())
    interrupts = Interrupts(raise_first=False)  # forwarded to the workers, never raised
    interrupts.install()
    try:
        with contextlib.redirect_stderr(io.StringIO()) if args.quiet else \
                contextlib.nullcontext():
            results = run_distributed(root, userdata, report_dir, workers=workers,
                                      shard=shard, tags=args.tags, interrupts=interrupts,
                                      worker_format=worker_format, on_part=progress)
    except ConfigurationError as exc:
        print(f"account-conformance: bad configuration: {exc}", file=sys.stderr)
        return EXIT_ERROR, None
    except (MergeError, ValueError) as exc:
        print(f"account-conformance: {exc}", file=sys.stderr)
        return EXIT_ERROR, None
    finally:
        interrupts.restore()
    print(render_table(results), file=sys.stderr)
    show_console(args, results, report_dir, table=False)
    note = worker_format.note() if worker_format is not None else None
    if note and not args.quiet:
        print(f"account-conformance: {note}", file=sys.stderr)
    return int(results["exit_code"]), results


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge shard report directories into one report, checking completeness across them."""
    from .parallel import MergeError, merge_reports, read_parts
    from .reporting import render_table
    from .selection import plan

    try:
        parts = read_parts([Path(d) for d in args.report_dirs])
        first = parts[0].results
        tags = first["selection"].get("tags")
        selected = plan(suite_root() / "features", first["profile"], tags,
                        browser=bool(first["selection"].get("browser")))
        results = merge_reports(parts, selected, Path(args.out), tags=tags,
                                run_prefix=first["run_prefix"].rsplit("-w", 1)[0])
    except (MergeError, ValueError) as exc:
        print(f"account-conformance: cannot merge: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(render_table(results), file=sys.stderr)
    return int(results["exit_code"])


def cmd_faults(args: argparse.Namespace) -> int:
    """Print the reference service's fault modes (read from its own process)."""
    from .fault_catalog import FaultCatalogError, faults_json, faults_markdown, load_faults

    try:
        faults = load_faults()
    except FaultCatalogError as exc:
        print(f"account-conformance: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.markdown:
        print(faults_markdown(faults))
    elif args.json:
        print(faults_json(faults))
    else:
        for fault in faults:
            print(f"{fault.name}  [{' '.join(fault.statements)}]\n    {fault.description}")
    return EXIT_PASS


def check_faults(args: argparse.Namespace) -> str | None:
    """Why ``run --fault`` cannot be honoured (None when it can)."""
    from .fault_catalog import FaultCatalogError, load_faults

    if not args.fault:
        return None
    if args.base_url:
        return "--fault switches on a fault of the embedded reference; drop --base-url"
    try:
        known = {fault.name for fault in load_faults()}
    except FaultCatalogError as exc:
        return str(exc)
    unknown = sorted(set(args.fault) - known)
    if unknown:
        return (f"unknown fault(s): {', '.join(unknown)}; "
                "see 'account-conformance faults' for the known ones")
    return None


def cmd_statements(args: argparse.Namespace) -> int:
    """Print the statement catalog."""
    catalog = load_catalog()
    if args.markdown:
        print(statement_table_markdown())
    elif args.json:
        print(json.dumps({"article_sha256": catalog.article_sha256,
                          "statements": [s.as_dict() for s in catalog.statements]},
                         indent=2, ensure_ascii=False))
    else:
        for statement in catalog.statements:
            print(f"{statement.id}  {statement.cls:<12} {statement.text}")
    return EXIT_PASS


def cmd_preflight(args: argparse.Namespace) -> int:
    """Check reachability, contract version and test-support operations; 0 ok, 2 not."""
    from .config import ConfigurationError, SuiteConfig
    from .driver import load_driver
    from .embedded import EmbeddedReference
    from .preflight import passed, render_checklist, required_operations, run_preflight

    userdata = {k: v for k, v in (("base_url", args.base_url), ("driver", args.driver),
                                  ("config", args.config)) if v}
    try:
        config = SuiteConfig.load(userdata)
    except (ConfigurationError, OSError, UnicodeError) as exc:
        print(f"account-conformance: bad configuration: {config_problem(exc, args.config)}",
              file=sys.stderr)
        return EXIT_ERROR
    embedded = EmbeddedReference() if config.embedded else None
    base_url = embedded.start() if embedded else str(config.base_url)
    try:
        driver = load_driver(config.driver_settings(base_url), config.driver)
        statements = load_catalog().testable_ids
        checks = run_preflight(driver, config.run_prefix, required_operations(statements))
    finally:
        if embedded:
            embedded.stop()
    print(render_checklist(checks, base_url))
    return EXIT_PASS if passed(checks) else EXIT_ERROR


def cmd_cleanup(args: argparse.Namespace) -> int:
    """Remove everything under a run prefix (what a killed run left); 0 done, 1/2 not."""
    from .cleanup import remove_leftovers
    from .config import ConfigurationError, SuiteConfig
    from .driver import SuiteError

    userdata = {k: v for k, v in (("base_url", args.base_url), ("driver", args.driver),
                                  ("config", args.config), ("run_prefix", args.run_prefix))
                if v}
    try:
        config = SuiteConfig.load(userdata)
        if not config.base_url:
            raise ConfigurationError("cleanup needs --base-url (or ACCOUNT_SERVICE_URL)")
        removed = remove_leftovers(config, config.run_prefix)
    except (ConfigurationError, OSError, UnicodeError) as exc:
        print(f"account-conformance: bad configuration: {config_problem(exc, args.config)}",
              file=sys.stderr)
        return EXIT_ERROR
    except SuiteError as exc:
        print(f"account-conformance: cleanup failed: {exc.__class__.__name__}: {exc}",
              file=sys.stderr)
        return EXIT_ERROR
    except AssertionError as exc:
        print(f"account-conformance: the service failed the cleanup: {exc}", file=sys.stderr)
        return EXIT_FAIL
    total = sum(removed.values())
    detail = ", ".join(f"{kind} {count}" for kind, count in sorted(removed.items()) if count)
    print(f"account-conformance: removed {total} objects under {config.run_prefix} at "
          f"{config.base_url}" + (f" ({detail})" if detail else ""))
    if args.json:
        print(json.dumps({"run_prefix": config.run_prefix, "removed": removed}))
    return EXIT_PASS


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-check a report directory against the installed suite; 0 verified, 1 not."""
    from .reports.verify import verify_report

    problems = verify_report(Path(args.report_dir))
    for problem in problems:
        print(f"account-conformance verify: {problem}", file=sys.stderr)
    if not problems:
        print(f"account-conformance: {args.report_dir} verified against suite {__version__}")
    return EXIT_FAIL if problems else EXIT_PASS


def statement_table_markdown() -> str:
    """The README's statement table, generated from the catalog."""
    lines = ["| ID | P | class | what the suite checks |", "|---|---|---|---|"]
    for statement in load_catalog().statements:
        text = statement.text if statement.testable else f"not testable: {statement.reason}"
        lines.append(f"| {statement.id} | {statement.paragraph} | {statement.cls} | "
                     f"{text.replace('|', '/')} |")
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the reference service in the foreground (it is a separate package)."""
    command = [sys.executable, "-m", "account_reference", "--host", args.host,
               "--port", str(args.port)]
    if args.db:
        command += ["--db", args.db]
    for fault in args.fault or ():
        command += ["--fault", fault]
    for name in args.latitude or ():
        command += ["--latitude", name]
    if args.latency_ms:
        command += ["--latency-ms", str(args.latency_ms)]
    os.execv(sys.executable, command)
    return EXIT_ERROR  # not reached


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``account-conformance`` command."""
    args = build_parser().parse_args(argv)
    try:
        code = int(HANDLERS[args.command](args))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PASS
    return code


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": cmd_run, "cleanup": cmd_cleanup, "preflight": cmd_preflight, "merge": cmd_merge,
    "verify": cmd_verify, "faults": cmd_faults, "statements": cmd_statements,
    "serve": cmd_serve}
"""The function that runs each subcommand (``cli_parser.build_parser`` describes them)."""


if __name__ == "__main__":
    raise SystemExit(main())
