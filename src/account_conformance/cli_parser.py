"""The command line of ``account-conformance``: its argument parser, options and exit codes.

``build_parser`` describes every subcommand and option (``cli.py`` runs them: it picks the
handler by ``args.command``). Usage mistakes end in one ``account-conformance: ...`` line and
exit 2 (``OneLineErrorParser``); ``--tags`` given twice means both (``JoinTags``); ``run
--help`` ends with the exit codes and the environment variables (``run_epilog``).
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from . import __version__
from .config import ENVIRONMENT, OTHER_ENVIRONMENT

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
"""The exit codes of every subcommand (``run --help`` explains them)."""
DESCRIPTION = ("The ``account-conformance`` command: run the suite, list statements and the "
               "reference service's fault modes, serve the reference.")


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = OneLineErrorParser(prog="account-conformance", description=DESCRIPTION)
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
                          "with --workers/--shard every worker runs it (see --outfile)")
    run.add_argument("-o", "--outfile",
                     help="where --format writes (behave's --outfile; relative to here); with "
                          "workers: a directory (existing, ending in '/', or allure-behave's "
                          "results folder) gets every worker's output, a file X.json becomes "
                          "X.w1.json, X.w2.json, ...; none: each worker's part folder")
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

    cleanup = sub.add_parser("cleanup", help="remove what a killed run left on a service")
    cleanup.add_argument("--base-url", help="the service (or ACCOUNT_SERVICE_URL)")
    cleanup.add_argument("--run-prefix", dest="run_prefix", required=True,
                         help="the killed run's prefix (printed first by every run)")
    cleanup.add_argument("--config", help="TOML file with the settings")
    cleanup.add_argument("--driver", help="package.module:Class")
    cleanup.add_argument("--json", action="store_true", help="also print the counts as JSON")

    preflight = sub.add_parser("preflight", help="check that a service can be tested")
    preflight.add_argument("--base-url", help="the service (default: embedded reference)")
    preflight.add_argument("--config", help="TOML file with the settings")
    preflight.add_argument("--driver", help="package.module:Class")

    merge = sub.add_parser("merge", help="merge shard report directories into one report")
    merge.add_argument("report_dirs", nargs="+", help="shard report directories")
    merge.add_argument("--out", required=True, help="where to write the merged report")

    verify = sub.add_parser("verify", help="re-check a report directory against this suite")
    verify.add_argument("report_dir", help="directory holding results.json")

    faults = sub.add_parser("faults", help="list the reference service's fault modes")
    faults.add_argument("--json", action="store_true", help="print JSON")
    faults.add_argument("--markdown", action="store_true", help="print the README catalog")

    statements = sub.add_parser("statements", help="list the statement catalog")
    statements.add_argument("--json", action="store_true", help="print JSON")
    statements.add_argument("--markdown", action="store_true", help="print the README table")

    serve = sub.add_parser("serve", help="run the reference service standalone")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--db", help="SQLite file (default: in memory)")
    serve.add_argument("--fault", action="append", help="switch on a fault mode (repeatable)")
    serve.add_argument("--latitude", action="append",
                       help="make another choice the contract allows (repeatable; "
                            "python -m account_reference --list-latitudes lists them)")
    serve.add_argument("--latency-ms", type=int, default=0, help="delay every response")
    return parser
