"""The report directory: checked before any scenario runs, cleared of an earlier run's files.

``prepare_report_dir(path)`` refuses (``ReportDirError``, one line, exit 2) a path that is a
file, a directory the suite cannot write to, or a directory holding a symbolic link anywhere
inside it (a link could redirect a report or evidence file to another place). Otherwise it
creates the directory if needed and **removes the files an earlier run left there** — the
report files (``results.json``, ``junit.xml``, ``conformance.md``, ``conformance.html``) and
the ``evidence/`` and ``workers/`` folders — so no stale file can be read as this run's.
Anything else in the directory is left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

REPORT_FILES = ("results.json", "junit.xml", "conformance.md", "conformance.html",
                "cucumber.json", "article.html")
REPORT_FOLDERS = ("evidence", "workers")


class ReportDirError(ValueError):
    """The report directory cannot be used (a one-line reason)."""


def check_report_dir(path: Path) -> None:
    """Refuse a report directory that is a file, unwritable or holds a symbolic link."""
    if path.is_symlink():
        raise ReportDirError(f"report directory {path} is a symbolic link")
    if path.exists() and not path.is_dir():
        raise ReportDirError(f"report directory {path} exists and is not a directory")
    if not path.exists():
        parent = path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise ReportDirError(f"report directory {path}: {parent} is not a directory")
        return
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            entry = Path(folder) / name
            if entry.is_symlink():
                raise ReportDirError(f"report directory {path} holds a symbolic link: {entry}")
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise ReportDirError(f"report directory {path} is not writable: "
                             f"{exc.strerror or exc}") from None


def prepare_report_dir(path: Path) -> Path:
    """Check ``path``, create it, remove an earlier run's report files; return it."""
    check_report_dir(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        for name in REPORT_FILES:
            (path / name).unlink(missing_ok=True)
        for name in REPORT_FOLDERS:
            if (path / name).is_dir():
                shutil.rmtree(path / name)
    except OSError as exc:
        raise ReportDirError(f"report directory {path}: {exc.strerror or exc}") from None
    return path
