"""What a page's HTTP status means for a check, as the HTTP transport decides it for the API.

The UI driver opens pages (the sign-in link, the landing page) and follows the navigation a
click starts; the main frame's final answer decides:

======================  ========================  =====================================
status                  outcome                   why
======================  ========================  =====================================
``429``, ``503``        ``ServiceOverloaded``      the service asks to be called later:
                                                  no verdict (the browser never retries)
``502``, ``504``        ``GatewayError``           a gateway answered, not the service:
                                                  no verdict
any other 4xx or 5xx    ``AssertionError``         the service's page is wrong: a failed
                                                  check
anything below 400      nothing                    the page loaded
======================  ========================  =====================================
"""

from __future__ import annotations

from ..errors import GatewayError, ServiceOverloaded

OVERLOADED = (429, 503)
GATEWAY = (502, 504)


def check_page_status(status: int, what: str, where: str, retry_after: str | None = None
                      ) -> None:
    """Raise what ``status`` means for ``what`` (e.g. "the sign-in URL ([page] sign_in)")
    answered at ``where`` (a masked URL); return when the page loaded (below 400)."""
    if status < 400:
        return
    if status in OVERLOADED:
        raise ServiceOverloaded(
            f"{what} answered {status} (Retry-After: {(retry_after or 'none')[:40]}) at "
            f"{where}: overloaded, no verdict")
    if status in GATEWAY:
        raise GatewayError(f"{what}: a gateway answered {status} at {where}: the service was "
                           "not heard, no verdict")
    raise AssertionError(f"{what}: expected a page (a status below 400); actual it answered "
                         f"{status} ({where})")
