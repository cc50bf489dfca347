"""Typed Python wrappers: one method per public SQL function, no logic of their own.

Each capability keeps its methods in installer/api/<capability>.py; Governance combines them.
"""
from __future__ import annotations

from .api.access import AccessAPI
from .api.audit import AuditAPI
from .api.catalog import CatalogAPI
from .api.compliance import ComplianceAPI
from .api.context import ContextAPI
from .api.dp import PrivacyAnalyticsAPI
from .api.lineage import LineageAPI
from .api.masking import MaskingAPI
from .api.encryption import EncryptionAPI
from .api.privacy_erasure import ErasureAPI
from .api.privacy_requests import PrivacyRequestsAPI


class Governance(
    ContextAPI,
    CatalogAPI,
    AuditAPI,
    ErasureAPI,
    PrivacyAnalyticsAPI,
    ComplianceAPI,
    LineageAPI,
    PrivacyRequestsAPI,
    AccessAPI,
    EncryptionAPI,
    MaskingAPI,
):
    """Calls pg-governance's SQL API on an open psycopg connection.

    Methods run in the connection's current transaction: a context set with set_context()
    lasts until that transaction ends, as in SQL.
    """
