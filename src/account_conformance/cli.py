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
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .catalog import load_catalog
from .selection import suite_root as suite_root  # where the suite is; tests import it here

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def cmd_run(args: argparse.Namespace) -> int:
    """Run the suite and return the exit code the outcome calls for."""
    from behave.__main__ import main as behave_main

    from .config import ConfigurationError, SuiteConfig
    from .report_dir import ReportDirError, prepare_report_dir

    problem = check_faults(args)
    if problem:
        print(f"account-conformance: {problem}", file=sys.stderr)
        return EXIT_ERROR
    root = suite_root()
    report_dir = Path(args.report_dir) if args.report_dir else Path(
        tempfile.mkdtemp(prefix="account-conformance-"))
    try:
        prepare_report_dir(report_dir)
    except ReportDirError as exc:
        print(f"account-conformance: {exc}", file=sys.stderr)
        return EXIT_ERROR
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
        SuiteConfig.load(userdata)
    except ConfigurationError as exc:
        reason = f"bad configuration: {str(exc).splitlines()[0]}"
        print(f"account-conformance: {reason}", file=sys.stderr)
        if args.report_dir:
            config_error_report(report_dir, reason, args.tags, root)
        return EXIT_ERROR
    live = args.format == "auto" and sys.stderr.isatty()
    behave_format = ("null" if live else "progress") if args.format == "auto" else args.format
    if live:
        userdata["live_progress"] = "1"
    behave_args = [str(root / "features"), "--no-capture-stderr", "--format", behave_format,
                   "--no-summary" if behave_format in ("progress", "null") else "--summary"]
    for key, value in userdata.items():
        behave_args += ["-D", f"{key}={value}"]
    if args.tags:
        behave_args += ["--tags", args.tags]
    if args.stop:
        behave_args.append("--stop")
    results_path = report_dir / "results.json"
    cwd = Path.cwd()
    if str(cwd) not in sys.path:  # a vendor's --driver module lives where they run us
        sys.path.insert(0, str(cwd))
    distributed = distributed_run(args, root, userdata, report_dir)
    if distributed is not None:
        return distributed
    try:
        os.chdir(root)
        behave_main(behave_args)
    except SystemExit:  # behave_runner.SuiteRunner: exit 2; the code is in results.json
        pass
    finally:
        os.chdir(cwd)
    if not results_path.is_file():
        print(f"account-conformance: the run wrote no {results_path}", file=sys.stderr)
        return EXIT_ERROR
    try:
        code = int(json.loads(results_path.read_text(encoding="utf-8"))["exit_code"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"account-conformance: {results_path} cannot be read "
              f"({exc.__class__.__name__}); no verdict", file=sys.stderr)
        return EXIT_ERROR
    print(f"account-conformance: results in {results_path}; exit {code}", file=sys.stderr)
    return code


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
                    report_dir: Path) -> int | None:
    """Run with worker processes or as a CI shard; None for an ordinary serial run."""
    from .config import ConfigurationError
    from .interrupts import Interrupts
    from .parallel import MergeError, default_workers, run_distributed
    from .reporting import render_table
    from .selection import parse_shard

    workers = args.workers or default_workers(args.base_url, os.cpu_count() or 1)
    if workers <= 1 and not args.shard:
        return None
    if args.stop:
        print("account-conformance: --stop needs one serial run (--workers 1, no --shard)",
              file=sys.stderr)
        return EXIT_ERROR
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        print(f"account-conformance: --shard: {exc}", file=sys.stderr)
        return EXIT_ERROR
    interrupts = Interrupts(raise_first=False)  # forwarded to the workers, never raised
    interrupts.install()
    try:
        results = run_distributed(root, userdata, report_dir, workers=workers, shard=shard,
                                  tags=args.tags, interrupts=interrupts)
    except ConfigurationError as exc:
        print(f"account-conformance: bad configuration: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except (MergeError, ValueError) as exc:
        print(f"account-conformance: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        interrupts.restore()
    print(render_table(results), file=sys.stderr)
    print(f"account-conformance: {workers} workers; results in {report_dir / 'results.json'}; "
          f"exit {results['exit_code']}", file=sys.stderr)
    return int(results["exit_code"])


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
    except ConfigurationError as exc:
        print(f"account-conformance: bad configuration: {exc}", file=sys.stderr)
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
    except ConfigurationError as exc:
        print(f"account-conformance: bad configuration: {exc}", file=sys.stderr)
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = argparse.ArgumentParser(prog="account-conformance", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the suite against a service (default: embedded)")
    run.add_argument("--base-url", help="the service under test (default: embedded reference)")
    run.add_argument("--report-dir", help="where to write results.json")
    run.add_argument("--tags", help="behave tag expression, e.g. 'S03 or S04'")
    run.add_argument("--seed", type=int, help="replay a run's test data")
    run.add_argument("--fault", action="append",
                     help="embedded reference only: switch on a fault mode (repeatable)")
    run.add_argument("--format", default="auto",
                     help="behave formatter; 'auto' (default): a live counter on a terminal, "
                          "behave's progress lines in CI logs")
    run.add_argument("--config", help="TOML file with the settings (see README)")
    run.add_argument("--profile", choices=("interpreted", "stated"),
                     help="'stated' leaves out interpreted statements (default: interpreted)")
    run.add_argument("--expectations", help="TOML file of expected failures, with reasons")
    run.add_argument("--driver", help="package.module:Class implementing AccountServiceDriver")
    run.add_argument("--run-prefix", dest="run_prefix", help="prefix for all generated data")
    run.add_argument("--workers", type=int,
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
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
