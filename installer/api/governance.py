"""Typed Python wrappers: one method per public SQL function, no logic of their own.

Each capability keeps its methods in installer/api/<capability>.py; Governance combines them.
"""
from __future__ import annotations

from installer.api.access import AccessAPI
from installer.api.audit import AuditAPI
from installer.api.catalog import CatalogAPI
from installer.api.compliance import ComplianceAPI
from installer.api.consent import ConsentAPI
from installer.api.context import ContextAPI
from installer.api.dp import DpAPI
from installer.api.encryption import EncryptionAPI
from installer.api.erasure import ErasureAPI
from installer.api.lineage import LineageAPI
from installer.api.masking import MaskingAPI


class Governance(
    ContextAPI,
    CatalogAPI,
    AuditAPI,
    ErasureAPI,
    DpAPI,
    ComplianceAPI,
    LineageAPI,
    ConsentAPI,
    AccessAPI,
    EncryptionAPI,
    MaskingAPI,
):
    """Calls pg-governance's SQL API on an open psycopg connection.

    Methods run in the connection's current transaction: a context set with set_context()
    lasts until that transaction ends, as in SQL.
    """
