"""Where a behave formatter writes in a run with workers (``run --format F [--outfile O]``).

Each worker is a behave process of its own, so each runs the formatter and gets an outfile
of its own; nothing a formatter writes reaches the console (the parent's progress lines and
failure blocks stay as they are):

* O is a directory (it exists as one, it ends in ``/``, or the formatter is allure-behave's,
  whose outfile is a results folder): every worker writes into it. allure-behave is given
  the folder itself (it names each result file uniquely); any other formatter a file of its
  own in it, ``<format>.w<i><suffix>`` (``plain.w1.txt``).
* O is a file: worker ``i`` writes O with ``.w<i>`` before the suffix (``report.json`` ->
  ``report.w1.json``).
* No O: each worker writes into its part folder (``workers/w<i>/<format><suffix>``, or
  ``workers/w<i>/allure-results/``).

``WorkerFormat.note`` is the console line saying where the outputs are.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ALLURE_PACKAGE = "allure_behave"
"""allure-behave's formatter treats its outfile as a results folder."""
SUFFIXES = {"json": ".json", "json.pretty": ".json"}
"""The file suffix of behave's own formatters' output (others: ``.txt``)."""
NO_OUTPUT = ("null",)
"""Formatters that write nothing: no outfile, no note."""


def writes_a_folder(name: str) -> bool:
    """Whether the formatter ``name`` (a behave name or ``package.module:Class``) is
    allure-behave's, whose ``--outfile`` is a folder of result files."""
    from behave.formatter._registry import select_formatter_class

    try:
        formatter = select_formatter_class(name)
    except (ImportError, LookupError, ValueError):
        return name.split(".", 1)[0].split(":", 1)[0] == ALLURE_PACKAGE
    return str(formatter.__module__).split(".", 1)[0] == ALLURE_PACKAGE


def numbered(path: Path, index: int) -> Path:
    """``report.json`` -> ``report.w<index>.json`` (``report`` -> ``report.w<index>``)."""
    return path.with_name(f"{path.stem}.w{index}{path.suffix}")


@dataclass
class WorkerFormat:
    """A run's ``--format``/``--outfile`` as its workers apply them.

    ``outfile`` is the option as given (relative to ``cwd``, where the command ran);
    ``written`` records, per worker index, the outfile it was given (as the console shows
    it), so ``note`` lists what the workers actually wrote."""

    name: str
    outfile: str | None
    cwd: Path
    written: dict[int, Path] = field(default_factory=dict)
    folder_formatter: bool = field(init=False)
    into_folder: bool = field(init=False)

    def __post_init__(self) -> None:
        self.folder_formatter = writes_a_folder(self.name)
        given = self.outfile or ""
        self.into_folder = bool(given) and (
            self.folder_formatter or given.endswith(("/", os.sep)) or (self.cwd / given).is_dir())

    @property
    def file_name(self) -> str:
        """The name of a worker's file when the run names none: ``json.json``,
        ``package.module-Class.txt``."""
        return re.sub(r"[^A-Za-z0-9._-]+", "-", self.name) + SUFFIXES.get(self.name, ".txt")

    def behave_args(self, index: int, part_dir: Path) -> list[str]:
        """``--format F --outfile X`` for worker ``index`` (its part folder ``part_dir``)."""
        if self.name in NO_OUTPUT:
            return ["--format", self.name]
        shown = self._outfile(index, part_dir)
        self.written[index] = shown
        return ["--format", self.name, "--outfile", str(self.cwd / shown)]

    def _outfile(self, index: int, part_dir: Path) -> Path:
        """Worker ``index``'s outfile, relative to ``cwd`` when the run named it so."""
        if not self.outfile:
            return self._shown(part_dir / ("allure-results" if self.folder_formatter
                                           else self.file_name))
        given = Path(self.outfile)
        if self.folder_formatter:
            return given
        if self.into_folder:
            return given / numbered(Path(self.file_name), index)
        return numbered(given, index)

    def _shown(self, path: Path) -> Path:
        """``path`` relative to where the command ran, when it is inside it."""
        try:
            return path.resolve().relative_to(self.cwd.resolve())
        except ValueError:
            return path

    def note(self) -> str | None:
        """Where the workers' formatter output is (None: the formatter writes nothing)."""
        if not self.written:
            return None
        if self.folder_formatter and self.outfile:
            shown = _slash(next(iter(self.written.values())))
            wrote = (self.cwd / shown).is_dir()
            return f"--format {self.name}: {'every' if wrote else 'no'} worker wrote into {shown}"
        kind = "folder" if self.folder_formatter else "file"
        where = (f"one {kind} per worker in {_slash(Path(str(self.outfile)))}"
                 if self.into_folder else f"one {kind} per worker" + (
                     "" if self.outfile else ", in its part folder"))
        present = {index: (self.cwd / path).exists() for index, path in self.written.items()}
        listed = [path.name if self.into_folder else str(path)
                  for index, path in sorted(self.written.items()) if present[index]]
        missing = [str(index) for index in sorted(present) if not present[index]]
        text = f"--format {self.name}: {where}: {', '.join(listed) or '(none written)'}"
        if missing and listed:
            text += f"; nothing from worker {', '.join(missing)}"
        return text


def _slash(path: Path) -> str:
    """A folder as the console shows it: ``out/allure/``."""
    return str(path).rstrip("/" + os.sep) + os.sep
