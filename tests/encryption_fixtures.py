"""A usable encryption key, as the encryption tests need one."""
from __future__ import annotations

import psycopg

from installer import Governance


def create_key(conn: psycopg.Connection, master_key: str, name: str, grantee: str = "postgres") -> Governance:
    """Unlocks with master_key, creates key `name` for grantee; the caller commits."""
    gov = Governance(conn)
    gov.unlock(master_key)
    gov.create_key(name)
    gov.grant_key(name, grantee)
    return gov
