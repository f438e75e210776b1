"""The outcomes a driver call can end in besides success.

Two families, reported differently:

* ``ServiceRefusal`` and ``ContractViolation`` — the service answered. A refusal is a
  well-formed problem with a ``code``; a violation is an answer that breaks the contract
  (5xx, wrong shape, no code). Both subclass ``AssertionError``, so behave counts an
  unexpected one as a *failed* check: the service under test is at fault.
* ``SuiteError`` and its subclasses — the suite could not get a verdict: the service is
  unreachable, timed out, broke off the exchange, is overloaded or behind a failing gateway,
  or lacks a test-support operation. They are not assertions, so behave records an *error*,
  and the reports keep the two apart.

Which transport condition ends in which class (``driver/transport/`` decides):

=========================================================  ======================  ====
condition                                                  class                   exit
=========================================================  ======================  ====
connection refused, name not resolved, TLS handshake       ``ServiceUnreachable``  2
no connection / no byte within the timeouts, or no         ``ServiceTimeout``      2
complete answer within ``deadline_s``
connection reset, answer cut off (incomplete body, broken  ``TransportError``      2
chunking), an answer that is not HTTP (bad status line)
``429`` / ``503`` (after the ``Retry-After`` retries)       ``ServiceOverloaded``   2
``502`` / ``504``                                          ``GatewayError``        2
a driver or step asks to send to another origin            ``OriginRefused``       2
a redirect (any 3xx), a body over ``max_response_bytes``   ``ContractViolation``   1
(decoded), a ``Content-Encoding`` that does not decode or
was not offered
a body that is not strict JSON (not UTF-8, not JSON,       ``InvalidJson`` (a      1
``NaN``/``Infinity``, a member named twice, nesting past   ``ContractViolation``
``max_json_depth``, a lone surrogate), when a driver       and a ``ValueError``)
reads it as JSON
=========================================================  ======================  ====

The first line of a refusal or violation that fails a step is a verdict in words:
``the service's answer to POST /v1/accounts/{account_id}/merge: expected acceptance; actual a
refusal with the code merge_not_supported (409) “…”`` or ``…: expected an answer the contract
allows; actual <what is wrong>``; the evidence of the exchange follows on the next lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Evidence:
    """One HTTP exchange, redacted, as shown in failure messages and reports.

    ``curl`` shows every secret as a shell variable; ``legend`` says what each variable in
    it stands for, one ``# $NAME: meaning`` line each (never a value).
    """

    method: str
    url: str
    status: int | None
    request_body: str
    response_excerpt: str
    elapsed_ms: float
    curl: str = ""
    legend: tuple[str, ...] = ()

    def describe(self) -> str:
        """A short one-paragraph rendering: method, URL, status and body excerpt."""
        status = self.status if self.status is not None else "no response"
        text = f"{self.method} {self.url} -> {status}"
        if self.request_body:
            text += f"\n  request: {self.request_body}"
        if self.response_excerpt:
            text += f"\n  response: {self.response_excerpt}"
        return text

    def reproduce(self, legend: bool = True) -> str:
        """The exchange plus a curl command that sends the same request again, followed
        (unless ``legend`` is false) by the lines naming what its variables stand for."""
        if not self.curl:
            return self.describe()
        lines = [self.describe(), f"  reproduce: {self.curl}"]
        lines += [f"    {line}" for line in (self.legend if legend else ())]
        return "\n".join(lines)


WORDED_VERDICT = re.compile(r"[^\n]*?: expected [^\n]*?; actual ")
"""A first line that already says what was checked, what was expected and what came."""


def answer_to(operation: str | None, evidence: Evidence | None) -> str:
    """What a verdict on an answer is about: ``the service's answer to POST
    /v1/accounts/{account_id}/merge`` (the operation, else the evidence's method and path)."""
    if operation:
        return f"the service's answer to {operation}"
    if evidence is not None:
        return f"the service's answer to {evidence.method} {urlsplit(evidence.url).path}"
    return "the service's answer"


def _quoted(text: str, limit: int = 120) -> str:
    """A text the service gave, in typographic quotes on one line, shortened in the middle."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = f"{flat[:limit - 30]}…{flat[-20:]} ({len(text)} characters)"
    return f"\u201c{flat}\u201d"


class ServiceRefusal(AssertionError):
    """The service refused the request with a problem carrying a stable ``code``.

    Uncaught, it fails the step; its first line says so in the scenario's words:
    ``the service's answer to <operation>: expected acceptance; actual a refusal with the
    code <code> (<status>) “<detail>”``. ``operation`` is the contract operation as
    ``METHOD /path/{template}`` (ids are in the evidence, not in the first line).
    """

    def __init__(self, code: str, status: int, detail: str, problem: dict,
                 evidence: Evidence | None, operation: str | None = None) -> None:
        self.code = code
        self.status = status
        self.detail = detail
        self.problem = problem
        self.evidence = evidence
        self.operation = operation
        super().__init__(self._message())

    def _message(self) -> str:
        actual = f"a refusal with the code {self.code} ({self.status})"
        if self.detail:
            actual += f" {_quoted(self.detail)}"
        text = f"{answer_to(self.operation, self.evidence)}: expected acceptance; actual {actual}"
        if self.evidence:
            text += "\n" + self.evidence.describe()
        return text


class ContractViolation(AssertionError):
    """The service answered in a way the contract does not allow.

    ``violation`` is what is wrong, in words; the first line of the message reads
    ``the service's answer to <operation>: expected an answer the contract allows; actual
    <violation>``. ``operation`` (``METHOD /path/{template}``) is given by the driver that
    knows it; without it the evidence's method and path are named.
    """

    def __init__(self, violation: str, evidence: Evidence | None, *,
                 operation: str | None = None) -> None:
        self.violation = violation
        self.evidence = evidence
        self.operation = operation
        text = violation if self.worded else (
            f"{answer_to(operation, evidence)}: expected an answer the contract allows; "
            f"actual {violation}")
        if evidence:
            text += "\n" + evidence.describe()
        super().__init__(text)

    @property
    def worded(self) -> bool:
        """Whether ``violation`` is a whole verdict already (``what: expected …; actual …``,
        e.g. the bystander's leak check): then it is the first line as it is."""
        return bool(WORDED_VERDICT.match(self.violation))

    def about(self, operation: str) -> ContractViolation:
        """The same violation (same class), naming ``operation``; itself if it names one
        or is worded already."""
        if self.operation or self.worded:
            return self
        return type(self)(self.violation, self.evidence, operation=operation)


class InvalidJson(ContractViolation, ValueError):
    """An answer read as JSON is not strict JSON (``Reply.json()``; see ``strict_json``).

    Also a ``ValueError``, so a driver that tolerates a non-JSON body where the contract
    allows one (``except ValueError``) keeps doing so; uncaught, it fails the check.
    """


class SuiteError(Exception):
    """The suite could not reach a verdict (not the service's fault as far as we know)."""

    kind = "suite_error"


class ServiceUnreachable(SuiteError):
    """No connection to the service under test."""

    kind = "unreachable"


class ServiceTimeout(SuiteError):
    """The service did not answer within the configured timeout."""

    kind = "timeout"


class TransportError(SuiteError):
    """The exchange failed for another transport reason (a body cut off mid-transfer, a
    compressed body that does not decode, too many redirects)."""

    kind = "transport_error"


class ServiceOverloaded(SuiteError):
    """The service answered ``429`` or ``503``: it asks to be called later, so no verdict.

    ``Transport`` waits for a ``Retry-After`` of at most ``max_retry_after_s`` and retries up
    to ``retry_limit`` times before raising this.
    """

    kind = "overloaded"


class GatewayError(SuiteError):
    """A gateway in front of the service answered ``502`` or ``504``: the service itself
    was not heard, so no verdict."""

    kind = "gateway_error"


class OriginRefused(SuiteError):
    """A driver or step asked to send a request to an origin other than the base URL's.

    The transport sends nothing off the service's origin (a token must never leave it); the
    mistake is the suite's or the driver's, never the service's (a redirect the service
    answers with is a ``ContractViolation`` instead).
    """

    kind = "origin_refused"


class TestSupportMissing(SuiteError):
    """The service does not offer a test-support operation the scenario needs."""

    kind = "test_support_missing"
    __test__ = False  # not a pytest test class
