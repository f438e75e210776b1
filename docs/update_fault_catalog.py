"""Regenerate the generated part of docs/fault-catalog.md from the reference's fault registry.

    python docs/update_fault_catalog.py          # rewrite the file
    python docs/update_fault_catalog.py --check  # exit 1 when the file is out of date

The part from the first table line (``| fault |``) to the end is the output of
``account-conformance faults --markdown``; the prose above it is kept as written.
``tests/test_fault_catalog.py`` fails while the file is out of date.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from account_conformance.fault_catalog import faults_markdown, load_faults

DOC = Path(__file__).resolve().parent / "fault-catalog.md"
TABLE_START = "\n| fault |"


def regenerated(text: str, table: str) -> str:
    """``text`` with everything from its first fault-table line replaced by ``table``."""
    return text[:text.index(TABLE_START) + 1] + table.strip() + "\n"


def main() -> int:
    """Rewrite (or, with --check, compare) the generated part; 0 when it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    new = regenerated(text, faults_markdown(load_faults()))
    if new == text:
        print(f"{DOC.name} is current")
        return 0
    if args.check:
        print(f"{DOC.name} is out of date: run python docs/update_fault_catalog.py")
        return 1
    DOC.write_text(new, encoding="utf-8")
    print(f"{DOC.name} rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
