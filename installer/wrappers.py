"""Typed Python wrappers: one method per public SQL function, no logic of their own.

Each capability keeps its methods in installer/api/<capability>.py; Governance combines them.
"""
from __future__ import annotations

from .api.catalog import CatalogAPI
from .api.context import ContextAPI
from .api.encryption import EncryptionAPI


class Governance(ContextAPI, CatalogAPI, EncryptionAPI):
    """Calls pg-governance's SQL API on an open psycopg connection.

    Methods run in the connection's current transaction: a context set with set_context()
    lasts until that transaction ends, as in SQL.
    """
