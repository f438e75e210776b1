"""The strict JSON reader of answers (``driver/strict_json.py``): what it refuses, what it
keeps, and that a hostile body costs linear time (counted in regex steps, not seconds)."""

from __future__ import annotations

import pytest

from account_conformance.driver import strict_json
from account_conformance.driver.strict_json import StrictJsonError, loads


@pytest.mark.parametrize("text", [
    '{"a": NaN}', "[Infinity]", '{"a": 1, "a": 2}', '{"a": "\\ud800"}', '{"\\udc00": 1}',
    '["\\ud800x"]', "\ufeff{}", '{"a": "unterminated', "[" * 65 + "]" * 65,
])
def test_refused(text: str) -> None:
    with pytest.raises(StrictJsonError):
        loads(text)


@pytest.mark.parametrize(("text", "value"), [
    ('{"a": "\\ud83d\\ude00"}', {"a": "\U0001F600"}),          # a surrogate pair is fine
    ('{"a": "x\\\\ud800"}', {"a": "x\\ud800"}),                # an escaped backslash, no escape
    ('["\\u2028", 12345678901234567890]', ["\u2028", 12345678901234567890]),
    ('{"a": "[[[[\\"]]"}', {"a": '[[[["]]'}),                  # brackets inside strings
    ("[" * 64 + "]" * 64, [[]] and loads("[" * 64 + "]" * 64)),
])
def test_kept(text: str, value: object) -> None:
    assert loads(text) == value


def test_invalid_utf8_is_refused() -> None:
    with pytest.raises(StrictJsonError, match="UTF-8"):
        loads(b'{"a": "\xff"}')


def test_an_unterminated_string_with_escaped_quotes_is_scanned_once() -> None:
    """The nesting scan of a body with many escaped quotes and no closing quote: one token.

    The earlier pattern failed on the open string and restarted at every later quote
    (quadratic: 41 s at 80 KB); the token count shows the scan now reads the string once.
    """
    body = '{"a":"' + '\\"' * 50_000 + "[" * 40 + "{" * 40
    tokens = list(strict_json._TOKENS.finditer(body))
    assert len(tokens) == 3, [t.group()[:20] for t in tokens[:5]]  # {, "a" and the rest
    with pytest.raises(StrictJsonError):
        loads(body)
