"""Removing everything one test run created (``DELETE /test-support/runs/{prefix}``)."""

from __future__ import annotations

from .database import Row, Store

_MARK = [
    "CREATE TEMP TABLE IF NOT EXISTS gone_identities (id TEXT PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS gone_organizations (id TEXT PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS gone_accounts (id TEXT PRIMARY KEY)",
    "DELETE FROM gone_identities", "DELETE FROM gone_organizations", "DELETE FROM gone_accounts",
    "INSERT INTO gone_identities SELECT id FROM identities WHERE instr(email_lc, :p) > 0",
    "INSERT INTO gone_organizations SELECT id FROM organizations"
    " WHERE substr(lower(name), 1, length(:p)) = :p",
    "INSERT INTO gone_accounts SELECT id FROM accounts"
    " WHERE identity_id IN (SELECT id FROM gone_identities)"
    " OR organization_id IN (SELECT id FROM gone_organizations)",
]


def remove_run(store: Store, prefix: str) -> tuple[dict[str, int], list[Row]]:
    """Delete the run's objects (inside the caller's transaction): the counts per kind, and
    the sessions (token hash, identity) that were on a removed account and need another."""
    params = {"p": prefix}
    for statement in _MARK:
        store.conn.execute(statement, params if ":p" in statement else {})
    store.run("DELETE FROM items WHERE account_id IN (SELECT id FROM gone_accounts)")
    store.run("DELETE FROM sessions WHERE identity_id IN (SELECT id FROM gone_identities)")
    orphaned = store.all("SELECT token_hash, identity_id FROM sessions"
                         " WHERE current_account_id IN (SELECT id FROM gone_accounts)")
    removed = {
        "accounts": store.run("DELETE FROM accounts WHERE id IN (SELECT id FROM gone_accounts)"),
        "identities": store.run(
            "DELETE FROM identities WHERE id IN (SELECT id FROM gone_identities)"),
        "organizations": store.run(
            "DELETE FROM organizations WHERE id IN (SELECT id FROM gone_organizations)"),
        "domains": store.conn.execute(
            "DELETE FROM domains WHERE organization_id IN (SELECT id FROM gone_organizations)"
            " OR instr(domain, :p) > 0", params).rowcount,
        "dns_names": store.conn.execute(
            "DELETE FROM dns_txt WHERE instr(name, :p) > 0", params).rowcount,
        "public_email_domains": store.conn.execute(
            "DELETE FROM public_email_domains WHERE instr(domain, :p) > 0", params).rowcount,
    }
    store.conn.execute(
        "DELETE FROM invitations WHERE organization_id IN (SELECT id FROM gone_organizations)"
        " OR instr(email_lc, :p) > 0", params)
    return removed, orphaned
