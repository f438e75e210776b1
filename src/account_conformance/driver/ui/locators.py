"""Locator files: how a service's page shows the account switcher, in TOML.

A locator file maps the statements S08–S11 onto one service's markup (see
``examples/ui/reference.toml``). ``load_locators`` reads and validates one:

* tables ``[page]``, ``[switcher]`` and ``[items]``; every key of the schema below is
  required unless marked optional; an unknown table or key is refused, naming the nearest
  valid one;
* ``marker_is`` is ``"glyph"`` or ``"accessible-name"``; for ``"glyph"``, ``marker_text``
  must hold a check mark (one of ``CHECK_GLYPHS``): S09 says *check mark*;
* ``page.sign_in`` may use the placeholders ``{sign_in_link}``, ``{session_token}`` and
  ``{base_url}`` and no others.

Selectors are not checked here (only a browser can): the top-level ones may use Playwright
syntax; the relative ones (``marker``, ``entry_choose``) are applied inside an entry with
``querySelectorAll`` and must be CSS.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .urls import absolute_url

CHECK_GLYPHS = "✓✔☑✅🗸"
"""The characters that count as a check mark (statement S09)."""
MARKER_KINDS = ("glyph", "accessible-name")
PLACEHOLDERS = ("sign_in_link", "session_token", "base_url")

SCHEMA: dict[str, dict[str, bool]] = {  # table -> key -> required
    "page": {"sign_in": True, "landing": False},
    "switcher": {"trigger": True, "menu": True, "entry": True, "entry_account_id": False,
                 "entry_choose": False, "marker": True, "marker_is": True, "marker_text": True,
                 "marker_colour": True},
    "items": {"conversations": True, "projects": True},
}
TABLE_OF = {key: table for table, keys in SCHEMA.items() for key in keys}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CSS_PROPERTY = re.compile(r"^(--)?[a-z][a-z0-9-]*$")
_ATTRIBUTE = re.compile(r"^[^\s\"'>/=]+$")


class LocatorFileError(ValueError):
    """A locator file that cannot be used: unreadable, not TOML, or not the schema."""


@dataclass(frozen=True)
class Locators:
    """One service's locator file, validated. Optional keys absent are ``""``/``None``."""

    path: Path
    sign_in: str
    trigger: str
    menu: str
    entry: str
    marker: str
    marker_is: str
    marker_text: str
    marker_colour: str
    conversations: str
    projects: str
    landing: str = ""
    entry_account_id: str | None = None
    entry_choose: str | None = None

    def key(self, name: str) -> str:
        """``[table] key = "value"`` of one locator, for messages."""
        return f'[{TABLE_OF[name]}] {name} = "{getattr(self, name)}"'

    def where(self, name: str) -> str:
        """The locator and the file it comes from, for messages."""
        return f"{self.key(name)} in {self.path}"


def load_locators(path: str | Path) -> Locators:
    """Read and validate a locator file; ``LocatorFileError`` names every problem and the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LocatorFileError(f"cannot read the locator file {path}: {error}") from None
    return parse_locators(text, path)


def parse_locators(text: str, path: Path) -> Locators:
    """Validate a locator file's text (``path`` is only named in messages)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LocatorFileError(f"the locator file {path} is not TOML: {error}") from None
    problems: list[str] = []
    values: dict[str, str] = {}
    for table, content in document.items():
        if table not in SCHEMA:
            problems.append(f"unknown table [{table}]{_nearest(table, list(SCHEMA))}")
        elif not isinstance(content, dict):
            problems.append(f"[{table}] must be a table")
        else:
            problems += _read_table(table, content, values)
    for table, keys in SCHEMA.items():
        problems += [f"[{table}] {key} is required" for key, required in keys.items()
                     if required and key not in values
                     and not any(p.startswith(f"[{table}] {key} ") for p in problems)]
    if not problems:
        problems = _check_values(values)
    if problems:
        raise LocatorFileError(f"locator file {path}: " + "; ".join(problems))
    return Locators(path=path, **values)


def sign_in_url(locators: Locators, base_url: str, link: str, token: str) -> str:
    """The absolute URL to open first: ``page.sign_in`` with its placeholders filled in.

    ``link`` is the test-support sign-in link (absolute, or a path below ``base_url``);
    ``token`` the session token. The result is a secret: never show it unmasked.
    """
    values = {"sign_in_link": absolute_url(base_url, link),
              "session_token": quote(token, safe="-._~"), "base_url": base_url.rstrip("/")}
    filled = _PLACEHOLDER.sub(lambda match: values[match.group(1)], locators.sign_in)
    return absolute_url(base_url, filled)


def default_locator_file() -> Path:
    """The reference service's locator file, ``examples/ui/reference.toml``.

    Looked for inside the installed package (``account_conformance/ui_locators/``, where
    the wheel puts it), then in the repository this module is part of.
    """
    here = Path(__file__).resolve()
    packaged = here.parents[2] / "ui_locators" / "reference.toml"
    if packaged.is_file():
        return packaged
    for folder in here.parents:
        candidate = folder / "examples" / "ui" / "reference.toml"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no reference locator file: neither {packaged} nor "
                            f"examples/ui/reference.toml above {here.parent}")


def _read_table(table: str, content: dict[str, object], values: dict[str, str]) -> list[str]:
    """Copy one table's string values into ``values``; the problems found."""
    problems: list[str] = []
    for key, value in content.items():
        if key not in SCHEMA[table]:
            elsewhere = TABLE_OF.get(key)
            hint = (f" (it belongs in [{elsewhere}])" if elsewhere
                    else _nearest(key, list(SCHEMA[table])))
            problems.append(f"unknown key [{table}] {key}{hint}")
        elif not isinstance(value, str):
            problems.append(f"[{table}] {key} must be a string, not {type(value).__name__}")
        elif not value.strip() and SCHEMA[table][key]:
            problems.append(f"[{table}] {key} must not be empty")
        elif value.strip():
            values[key] = value.strip()
    return problems


def _check_values(values: dict[str, str]) -> list[str]:
    """The problems of a complete set of values."""
    problems = [f"[page] sign_in has an unknown placeholder {{{name}}} (known: "
                + ", ".join(f"{{{known}}}" for known in PLACEHOLDERS) + ")"
                for name in _PLACEHOLDER.findall(values["sign_in"]) if name not in PLACEHOLDERS]
    kind, text = values["marker_is"], values["marker_text"]
    if kind not in MARKER_KINDS:
        problems.append(f'[switcher] marker_is = "{kind}" must be one of '
                        + ", ".join(f'"{known}"' for known in MARKER_KINDS)
                        + _nearest(kind, list(MARKER_KINDS)))
    elif kind == "glyph" and not any(glyph in text for glyph in CHECK_GLYPHS):
        problems.append(f'[switcher] marker_text = "{text}": the marker must be a check mark '
                        f"(one of {' '.join(CHECK_GLYPHS)})")
    if not _CSS_PROPERTY.match(values["marker_colour"]):
        problems.append(f'[switcher] marker_colour = "{values["marker_colour"]}" is not a CSS '
                        'property name (e.g. "color", "fill")')
    attribute = values.get("entry_account_id")
    if attribute is not None and not _ATTRIBUTE.match(attribute):
        problems.append(f'[switcher] entry_account_id = "{attribute}" is not an attribute name')
    return problems


def _nearest(name: str, valid: list[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest valid name, else the list of valid names."""
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.5)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return " (valid: " + ", ".join(valid) + ")"
