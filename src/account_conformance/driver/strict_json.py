"""Strict JSON for answers of an untrusted service: RFC 8259 and I-JSON (RFC 7493), bounded.

Python's ``json`` is lenient where a conformance verdict must not be: it reads ``NaN`` and
``Infinity`` (not JSON), keeps the last of two members with the same name (so a client that
keeps the first sees another answer), and recurses without a bound. ``loads`` refuses all of
that with ``StrictJsonError`` (a ``ValueError``), naming what is wrong:

* the bytes are not UTF-8 (RFC 8259 §8.1; a byte-order mark is refused too);
* not JSON at all, or ``NaN``/``Infinity``/``-Infinity``;
* an object names a member twice (I-JSON §2.3: names must be unique);
* a string holds a lone surrogate such as ``"\\ud800"`` (I-JSON §2.1: no unpaired
  surrogates; such a string cannot even be written out as UTF-8);
* arrays and objects nest deeper than ``max_depth`` (checked before parsing, in one pass
  over the text and only when there are more brackets than the cap, so a 10,000-deep answer
  costs neither recursion nor time).

``Reply.json()`` (``driver/transport/``) calls it with the settings' ``max_json_depth``
and turns the error into a ``ContractViolation`` with the reply's evidence.
"""

from __future__ import annotations

import json
import re
from typing import Any

DEFAULT_MAX_DEPTH = 64
# a string (an unterminated one runs to the end: one pass, never a retry at each later
# quote, which made a hostile body cost quadratic time) or a bracket
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class StrictJsonError(ValueError):
    """The text is not strict JSON; the message says why."""


def _refuse_constant(name: str) -> Any:
    raise StrictJsonError(f"{name} is not a JSON number")


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise StrictJsonError(f"an object names the member {name[:60]!r} twice")
            seen.add(name)
    return data


def nesting_depth(text: str, limit: int) -> int:
    """How deep arrays and objects nest in ``text``, counting no further than ``limit + 1``.

    Text with no more brackets than ``limit`` is not scanned: the number of brackets (an
    upper bound of the depth, at most ``limit``) is returned.
    """
    if text.count("[") + text.count("{") <= limit:
        return min(limit, text.count("[") + text.count("{"))
    depth = deepest = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def loads(data: bytes | str, max_depth: int = DEFAULT_MAX_DEPTH) -> Any:
    """The JSON value of ``data``; ``StrictJsonError`` when it is not strict JSON."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StrictJsonError(f"the body is not UTF-8 (byte {exc.start}: "
                                  f"{data[exc.start:exc.start + 4]!r})") from None
    else:
        text = data
    if text.startswith("\ufeff"):
        raise StrictJsonError("the body starts with a byte-order mark")
    if nesting_depth(text, max_depth) > max_depth:
        raise StrictJsonError(f"arrays and objects nest deeper than {max_depth} levels")
    try:
        value = json.loads(text, parse_constant=_refuse_constant,
                           object_pairs_hook=_unique_members)
        if _SURROGATE_ESCAPE.search(text):
            _refuse_lone_surrogates(value)
        return value
    except StrictJsonError:
        raise
    except RecursionError:
        raise StrictJsonError(f"arrays and objects nest deeper than {max_depth} levels"
                              ) from None
    except ValueError as exc:
        raise StrictJsonError(f"not JSON ({exc})") from None


def _refuse_lone_surrogates(value: Any) -> None:
    """Raise when a string (a member name included) holds an unpaired surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise StrictJsonError("a string holds an unpaired surrogate (I-JSON §2.1)"
                                      ) from None
