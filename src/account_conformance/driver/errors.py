"""The outcomes a driver call can end in besides success.

Two families, reported differently:

* ``ServiceRefusal`` and ``ContractViolation`` — the service answered. A refusal is a
  well-formed problem with a ``code``; a violation is an answer that breaks the contract
  (5xx, wrong shape, no code). Both subclass ``AssertionError``, so behave counts an
  unexpected one as a *failed* check: the service under test is at fault.
* ``SuiteError`` and its subclasses — the suite could not get a verdict: the service is
  unreachable, timed out, broke off the exchange, or lacks a test-support operation. They
  are not assertions, so behave records an *error*, and the reports keep the two apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """One HTTP exchange, redacted, as shown in failure messages and reports."""

    method: str
    url: str
    status: int | None
    request_body: str
    response_excerpt: str
    elapsed_ms: float
    curl: str = ""

    def describe(self) -> str:
        """A short one-paragraph rendering: method, URL, status and body excerpt."""
        status = self.status if self.status is not None else "no response"
        text = f"{self.method} {self.url} -> {status}"
        if self.request_body:
            text += f"\n  request: {self.request_body}"
        if self.response_excerpt:
            text += f"\n  response: {self.response_excerpt}"
        return text

    def reproduce(self) -> str:
        """The exchange plus a curl command that sends the same request again."""
        return self.describe() + (f"\n  reproduce: {self.curl}" if self.curl else "")


class ServiceRefusal(AssertionError):
    """The service refused the request with a problem carrying a stable ``code``."""

    def __init__(self, code: str, status: int, detail: str, problem: dict,
                 evidence: Evidence | None) -> None:
        self.code = code
        self.status = status
        self.detail = detail
        self.problem = problem
        self.evidence = evidence
        super().__init__(self._message())

    def _message(self) -> str:
        text = f"service refused: {self.code} ({self.status}) {self.detail}".rstrip()
        if self.evidence:
            text += "\n" + self.evidence.describe()
        return text


class ContractViolation(AssertionError):
    """The service answered in a way the contract does not allow."""

    def __init__(self, message: str, evidence: Evidence | None) -> None:
        self.evidence = evidence
        text = f"contract violation: {message}"
        if evidence:
            text += "\n" + evidence.describe()
        super().__init__(text)


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


class TestSupportMissing(SuiteError):
    """The service does not offer a test-support operation the scenario needs."""

    kind = "test_support_missing"
    __test__ = False  # not a pytest test class
