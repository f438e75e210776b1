"""The reference account service: a small FastAPI + SQLite implementation of the contract.

It is a package of its own: the suite starts it as a child process
(``python -m account_reference``) and talks to it over HTTP only.
"""

__all__ = ["CONTRACT_VERSION", "SERVICE_NAME"]

CONTRACT_VERSION = "1.2.0"
SERVICE_NAME = "account-reference"
