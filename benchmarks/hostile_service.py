"""Benchmark: the attribution table, measured — every way a service can misbehave, one run each.

For each row of the README's "Whose side a problem is on" (the rows of
``tests/test_attribution.py``: a closed port, a name that does not resolve, a TLS handshake
with a plain-HTTP server, and the modes of ``tests/hostile_proxy.py`` in front of one
reference process), run the real CLI and print one line: the exit code, the affected
statement's verdict, whether all four reports were written, how many of the run's secrets
(the test-support key, a configured header value, every session token the proxy saw) were
found in the reports, stdout or stderr, and the runner's peak memory (``ru_maxrss``).

    python benchmarks/hostile_service.py            # every row (about 2 minutes)
    python benchmarks/hostile_service.py --only redirect gzip  # rows whose id contains these

The exit status is 1 when a row ends otherwise than the table says, a report is missing or
a secret was found; the test module asserts the same per row (this script prints figures).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

from test_attribution import (  # noqa: E402  (tests/ on the path first)
    REPORT_FILES,
    ROWS,
    SECRET_HEADER,
    SECRET_KEY,
    Row,
    run_row,
    session_tokens,
)

from account_conformance.embedded import EmbeddedReference  # noqa: E402


def measure(row: Row, upstream: str) -> tuple[str, bool]:
    """One table line for the row, and whether the row kept its promise."""
    with tempfile.TemporaryDirectory(prefix="acr-hostile-") as folder:
        run, proxy = run_row(row, upstream, Path(folder))
        verdict = run.verdict(row.statement) if run.results else "(no results.json)"
        written = all((run.report_dir / name).is_file() for name in REPORT_FILES)
        secrets = {SECRET_KEY, SECRET_HEADER} | {t for t in session_tokens(proxy) if len(t) >= 8}
        texts = run.output + "\n" + run.report_text()
        found = sum(1 for secret in secrets if secret in texts)
    kept = (run.code, verdict) == (row.exit_code, row.outcome) and written and found == 0
    line = (f"| {row.id} | {run.code} | {row.statement} {verdict} | "
            f"{'yes' if written else 'NO'} | {found} | {run.peak_kib / 1024:.0f} MiB | "
            f"{'ok' if kept else 'NOT AS THE TABLE SAYS'} |")
    return line, kept


def main(argv: Sequence[str] | None = None) -> int:
    """Run the rows and print the table; exit 1 if a row broke its promise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=[], help="rows whose id contains these")
    args = parser.parse_args(argv)
    rows = [row for row in ROWS if not args.only or any(part in row.id for part in args.only)]
    print("| behaviour | exit | verdict | reports written | secrets found | peak memory | |")
    print("|---|---|---|---|---|---|---|")
    broken = 0
    with EmbeddedReference() as service:
        for row in rows:
            line, kept = measure(row, service.base_url)
            broken += not kept
            print(line, flush=True)
    print(f"{len(rows) - broken}/{len(rows)} rows as the table says")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
