"""account-conformance: a behaviour-spec conformance suite for account services.

The package holds the driver (the only HTTP client), the statement catalog, the contract
loader, configuration, reporting and the command line. The features, steps and fixtures
that use it live beside it in the repository.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("account-conformance")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
