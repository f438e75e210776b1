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
line before the workers start and a line as each part is written. Without ``--report-dir``
the temporary folder is removed when the run passes and kept (and named) when it does not.
User mistakes (bad options, a formatter that is not installed, a config file that cannot be
read, a closed pipe) end in one ``account-conformance: ...`` line and exit 2, no traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__
from .catalog import load_catalog
from .config import ENVIRONMENT, OTHER_ENVIRONMENT
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

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


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
    if parallel and args.format != "auto":
        return ("--format/--outfile apply to one serial run (workers run behave with "
                "--format null); drop --workers/--shard or --format")
    return None


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
        with contextlib.redirect_stdout(behave_output) if args.quiet and \
                args.format == "auto" else contextlib.nullcontext():
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
    worker's part is written."""
    from .config import ConfigurationError
    from .interrupts import Interrupts
    from .parallel import MergeError, default_workers, run_distributed
    from .reporting import render_table
    from .selection import parse_shard, plan

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
    progress = PartProgress(report_dir / "workers", parts, sys.stderr)
    interrupts = Interrupts(raise_first=False)  # forwarded to the workers, never raised
    interrupts.install()
    if not args.quiet:
        progress.start()
    try:
        with contextlib.redirect_stderr(io.StringIO()) if args.quiet else \
                contextlib.nullcontext():
            results = run_distributed(root, userdata, report_dir, workers=workers,
                                      shard=shard, tags=args.tags, interrupts=interrupts)
    except ConfigurationError as exc:
        print(f"account-conformance: bad configuration: {exc}", file=sys.stderr)
        return EXIT_ERROR, None
    except (MergeError, ValueError) as exc:
        print(f"account-conformance: {exc}", file=sys.stderr)
        return EXIT_ERROR, None
    finally:
        interrupts.restore()
        progress.finish()
    print(render_table(results), file=sys.stderr)
    show_console(args, results, report_dir, table=False)
    return int(results["exit_code"]), results


class PartProgress(threading.Thread):
    """Prints a line as each worker's part (``workers/w<i>/results.json``) appears.

    The parts are written by other processes, so the parent looks for them at a fixed
    interval until ``finish``; the last look happens after the workers ended."""

    INTERVAL_S = 0.5

    def __init__(self, workers_dir: Path, total: int, stream: TextIO) -> None:
        super().__init__(name="part-progress", daemon=True)
        self.workers_dir, self.total, self.stream = workers_dir, total, stream
        self.seen: set[str] = set()
        self.stopped = threading.Event()

    def run(self) -> None:
        """Look for new parts until ``finish``."""
        while not self.stopped.wait(self.INTERVAL_S):
            self.report_new()

    def finish(self) -> None:
        """Stop looking, after one last look (when the thread was started)."""
        if self.is_alive():
            self.stopped.set()
            self.join()
            self.report_new()

    def report_new(self) -> None:
        """One line per part written since the last look."""
        for path in sorted(self.workers_dir.glob("w*/results.json")):
            worker = path.parent.name
            if worker in self.seen:
                continue
            try:
                part = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # being written: the next look reads it
            self.seen.add(worker)
            scenarios = part.get("scenarios", [])
            bad = sum(1 for s in scenarios if s.get("status") in ("failed", "error"))
            print(f"[{len(self.seen)}/{self.total} parts] worker {worker[1:]}: "
                  f"{len(scenarios)} scenarios, {bad} not passed", file=self.stream,
                  flush=True)


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge shard report directories into one report, checking completeness across them."""
    from .parallel import MergeError, merge_reports, read_parts
    from .reporting import render_table
    from .selection import plan, recorded_shard

    try:
        parts = read_parts([Path(d) for d in args.report_dirs])
        first = parts[0].results
        shards = [recorded_shard(p.results) for p in parts]
        totals = {shard[1] if shard else None for shard in shards}
        tags = first["selection"].get("tags")
        selected = plan(suite_root() / "features", first["profile"], tags,
                        browser=bool(first["selection"].get("browser")))
        results = merge_reports(parts, selected, Path(args.out), tags=tags,
                                run_prefix=first["run_prefix"].rsplit("-w", 1)[0])
    except (MergeError, ValueError) as exc:
        print(f"account-conformance: cannot merge: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(render_table(results), file=sys.stderr)
    if len(totals) > 1:
        print(f"account-conformance: shards of different splits: {sorted(map(str, totals))}",
              file=sys.stderr)
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


class OneLineErrorParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        """Print ``account-conformance: <message>`` and exit 2."""
        self.exit(EXIT_ERROR, f"account-conformance: {message} (see {self.prog} --help)\n")


class JoinTags(argparse.Action):
    """``--tags A --tags B`` means both: ``(A) and (B)`` (behave would keep only B)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        """Join this expression to the ones given before."""
        before = getattr(namespace, self.dest, None)
        setattr(namespace, self.dest, f"({before}) and ({values})" if before else values)


def positive_int(text: str) -> int:
    """An integer of at least 1 (``--workers``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def run_epilog() -> str:
    """The end of ``run --help``: exit codes and environment variables."""
    width = max(len(name) for name in [*ENVIRONMENT.values(), *OTHER_ENVIRONMENT])
    lines = ["exit codes:",
             "  0  pass: every selected scenario ran and every statement of the profile passes",
             "  1  fail: the service broke a statement or the contract (or an expected "
             "failure passed)",
             "  2  error: no verdict (unreachable, timeout, preflight, bad configuration,",
             "     a selected scenario did not run, nothing selected) or a usage mistake",
             "     (one line 'account-conformance: ...', never a traceback)",
             "",
             "environment variables (options and -D settings override them):"]
    lines += [f"  {variable:<{width}}  {setting}"
              for setting, variable in ENVIRONMENT.items()]
    lines += [f"  {'ACCOUNT_CONFORMANCE_CONFIG':<{width}}  the --config file",
              f"  {'ACCOUNT_CONFORMANCE_SUITE_DIR':<{width}}  the suite's folder "
              "(default: the installed suite)",
              f"  {'NO_COLOR':<{width}}  set: no colour (also TERM=dumb, or not a terminal)"]
    return "\n".join(lines)


def pin_suite_root() -> None:
    """Make every part of this process and its workers use the installed suite, also when
    run from inside another behave project (a folder with its own features/ and
    environment.py, which ``suite_root`` would otherwise pick up from the working folder)."""
    variable = "ACCOUNT_CONFORMANCE_SUITE_DIR"
    if os.environ.get(variable):
        return
    here = Path(__file__).resolve().parent
    for candidate in (here / "suite", here.parents[1]):
        if (candidate / "environment.py").is_file() and (candidate / "features").is_dir():
            os.environ[variable] = str(candidate)
            return


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = OneLineErrorParser(prog="account-conformance", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the suite against a service (default: embedded)",
                         epilog=run_epilog(),
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--base-url", help="the service under test (default: embedded reference)")
    run.add_argument("--report-dir",
                     help="where to write results.json and the reports (default: a temporary "
                          "folder, removed when the run passes, kept and named when not)")
    run.add_argument("--tags", action=JoinTags,
                     help="behave tag expression, e.g. '@S03 or @S04'; given twice, both must "
                          "hold ('(A) and (B)')")
    run.add_argument("--name", action="append",
                     help="run only the scenario of this exact name (repeatable; an outline's "
                          "name without ' -- @1.2 ...' runs all its rows); serial runs only")
    run.add_argument("--seed", type=int, help="replay a run's test data")
    run.add_argument("--fault", action="append",
                     help="embedded reference only: switch on a fault mode (repeatable)")
    run.add_argument("--format", default="auto",
                     help="behave formatter (a name or package.module:Class, e.g. "
                          "allure_behave.formatter:AllureFormatter); 'auto' (default): a "
                          "live counter on a terminal, behave's progress lines in CI logs; "
                          "serial runs only")
    run.add_argument("-o", "--outfile",
                     help="where --format writes (behave's --outfile; relative to here)")
    loudness = run.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="print only the verdict table and the failure blocks")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="also list the passed scenarios, and every failure block")
    run.add_argument("--config", help="TOML file with the settings (see README)")
    run.add_argument("--profile", choices=("interpreted", "stated"),
                     help="'stated' leaves out interpreted statements (default: interpreted)")
    run.add_argument("--expectations", help="TOML file of expected failures, with reasons")
    run.add_argument("--driver", help="package.module:Class implementing AccountServiceDriver")
    run.add_argument("--run-prefix", dest="run_prefix", help="prefix for all generated data")
    run.add_argument("--workers", type=positive_int,
                     help="worker processes (default: 1 for the embedded reference, "
                          "4 per core up to 16 for a remote URL)")
    run.add_argument("--shard", help="run shard I/N of the scenarios (deterministic split)")
    run.add_argument("--shuffle", action="store_true",
                     help="run scenarios in a random order (seeded: replayable)")
    run.add_argument("--stop", action="store_true",
                     help="stop at the first failing scenario (a quick verdict; the scenarios "
                          "after it are reported as not run); needs --workers 1")
    run.add_argument("--require-target", action="store_true",
                     help="refuse to fall back to the embedded reference: exit 2 without "
                          "--base-url / ACCOUNT_SERVICE_URL (for CI)")
    run.add_argument("--browser", nargs="?", const="chromium", choices=("chromium",),
                     help="also run the screen scenarios (@browser: S08-S11) in the OS's "
                          "Chromium (apt-get install chromium; pip install "
                          "'account-conformance[browser]')")
    run.add_argument("--browser-path", dest="browser_path",
                     help="the browser's executable (default: chromium on PATH)")
    run.add_argument("--ui-locators", dest="ui_locators",
                     help="TOML locator file mapping the service's page (default: the "
                          "reference's, examples/ui/reference.toml)")
    run.add_argument("--ui-driver", dest="ui_driver",
                     help="package.module:Class implementing UiDriver (default: Playwright)")
    run.add_argument("--max-rps", dest="max_rps",
                     help="at most this many requests per second to the service")
    run.set_defaults(handler=cmd_run)

    cleanup = sub.add_parser("cleanup", help="remove what a killed run left on a service")
    cleanup.add_argument("--base-url", help="the service (or ACCOUNT_SERVICE_URL)")
    cleanup.add_argument("--run-prefix", dest="run_prefix", required=True,
                         help="the killed run's prefix (printed first by every run)")
    cleanup.add_argument("--config", help="TOML file with the settings")
    cleanup.add_argument("--driver", help="package.module:Class")
    cleanup.add_argument("--json", action="store_true", help="also print the counts as JSON")
    cleanup.set_defaults(handler=cmd_cleanup)

    preflight = sub.add_parser("preflight", help="check that a service can be tested")
    preflight.add_argument("--base-url", help="the service (default: embedded reference)")
    preflight.add_argument("--config", help="TOML file with the settings")
    preflight.add_argument("--driver", help="package.module:Class")
    preflight.set_defaults(handler=cmd_preflight)

    merge = sub.add_parser("merge", help="merge shard report directories into one report")
    merge.add_argument("report_dirs", nargs="+", help="shard report directories")
    merge.add_argument("--out", required=True, help="where to write the merged report")
    merge.set_defaults(handler=cmd_merge)

    verify = sub.add_parser("verify", help="re-check a report directory against this suite")
    verify.add_argument("report_dir", help="directory holding results.json")
    verify.set_defaults(handler=cmd_verify)

    faults = sub.add_parser("faults", help="list the reference service's fault modes")
    faults.add_argument("--json", action="store_true", help="print JSON")
    faults.add_argument("--markdown", action="store_true", help="print the README catalog")
    faults.set_defaults(handler=cmd_faults)

    statements = sub.add_parser("statements", help="list the statement catalog")
    statements.add_argument("--json", action="store_true", help="print JSON")
    statements.add_argument("--markdown", action="store_true", help="print the README table")
    statements.set_defaults(handler=cmd_statements)

    serve = sub.add_parser("serve", help="run the reference service standalone")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--db", help="SQLite file (default: in memory)")
    serve.add_argument("--fault", action="append", help="switch on a fault mode (repeatable)")
    serve.add_argument("--latitude", action="append",
                       help="make another choice the contract allows (repeatable; "
                            "python -m account_reference --list-latitudes lists them)")
    serve.add_argument("--latency-ms", type=int, default=0, help="delay every response")
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``account-conformance`` command."""
    args = build_parser().parse_args(argv)
    pin_suite_root()
    try:
        code = int(args.handler(args))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PASS
    return code


if __name__ == "__main__":
    raise SystemExit(main())
