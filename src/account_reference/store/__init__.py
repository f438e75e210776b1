"""Storage: every SQL statement of the service lives in this package, one module per concern.

``database`` holds the connection, the schema and transactions; ``identities``,
``sessions``, ``accounts``, ``organizations``, ``invitations``, ``items``, ``domains`` and
``runs`` hold the statements. Routes and rules call these functions and never write SQL.
"""

from .database import Row, Store, new_id, new_token, now, token_hash

__all__ = ["Row", "Store", "new_id", "new_token", "now", "token_hash"]
