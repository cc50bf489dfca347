"""privacy consent, data-subject requests, CCPA opt-outs and sharing, HIPAA PHI access and incidents."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg import sql

from installer.api.base import API, jsonb


class ConsentAPI(API):
    # Consent
    def register_purpose(self, name: str, description: str, lawful_basis: str, policy_version: str) -> None:
        self.conn.execute("SELECT privacy.register_purpose(%s, %s, %s, %s)", (name, description, lawful_basis, policy_version))

    def require_reconsent(self, purpose: str) -> int:
        return self._value("SELECT privacy.require_reconsent(%s)", (purpose,))

    def record_consent(self, subject_key: str, purpose: str, granted: bool, policy_version: str | None = None,
                       evidence: dict[str, Any] | None = None) -> int:
        return self._value("SELECT privacy.record_consent(%s, %s, %s, %s, %s)",
                           (subject_key, purpose, granted, policy_version, jsonb(evidence)))

    def withdraw_consent(self, subject_key: str, purpose: str) -> int:
        return self._value("SELECT privacy.withdraw_consent(%s, %s)", (subject_key, purpose))

    def has_consent(self, subject_key: str, purpose: str) -> bool:
        return self._value("SELECT privacy.has_consent(%s, %s)", (subject_key, purpose))

    def latest_consent(self, subject_key: str, purpose: str) -> bool | None:
        """The latest decision (None: no decision yet)."""
        row = self.conn.execute("SELECT granted FROM privacy.latest_consent(%s, %s)", (subject_key, purpose)).fetchone()
        return None if row is None else row[0]

    def consent_required(self, table: str, purpose: str, subject_column: str) -> None:
        self.conn.execute("SELECT privacy.consent_required(%s::regclass, %s, %s)", (table, purpose, subject_column))

    # Data-subject requests
    def open_request(self, subject_key: str, request_type: str, regulation: str = "gdpr",
                     subject_type: str | None = None, details: dict[str, Any] | None = None) -> int:
        return self._value("SELECT privacy.open_request(%s, %s, %s, %s, %s)",
                           (subject_key, request_type, regulation, subject_type, jsonb(details)))

    def verify_request(self, request_id: int, method: str) -> None:
        self.conn.execute("SELECT privacy.verify_request(%s, %s)", (request_id, method))

    def extend_request(self, request_id: int, reason: str) -> datetime:
        return self._value("SELECT privacy.extend_request(%s, %s)", (request_id, reason))

    def update_request_status(self, request_id: int, status: str, note: str | None = None) -> None:
        self.conn.execute("SELECT privacy.update_request_status(%s, %s, %s)", (request_id, status, note))

    def process_request(self, request_id: int) -> dict[str, Any]:
        return self._value("SELECT privacy.process_request(%s)", (request_id,))

    def request_deadline(self, regulation: str, received_at: datetime, extended: bool = False) -> datetime:
        return self._value("SELECT privacy.request_deadline(%s, %s, %s)", (regulation, received_at, extended))

    def open_requests_as_of(self, as_of: datetime) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM privacy.open_requests_as_of(%s)", (as_of,))

    # CCPA / CPRA
    def opt_out_of_sale(self, subject_key: str) -> int:
        return self._value("SELECT privacy.opt_out_of_sale(%s)", (subject_key,))

    def record_gpc_signal(self, subject_key: str, evidence: dict[str, Any] | None = None) -> int:
        return self._value("SELECT privacy.record_gpc_signal(%s, %s)", (subject_key, jsonb(evidence)))

    def has_opted_out(self, subject_key: str, kind: str = "sale") -> bool:
        return self._value("SELECT privacy.has_opted_out(%s, %s)", (subject_key, kind))

    def log_data_sharing(self, subject_key: str, third_party: str, categories: list[str], purpose: str,
                         is_sale: bool) -> int:
        return self._value("SELECT privacy.log_data_sharing(%s, %s, %s::text[], %s, %s)",
                           (subject_key, third_party, categories, purpose, is_sale))

    def sharing_disclosures(self, subject_key: str, as_of: datetime | None = None) -> dict[str, Any]:
        return self._value("SELECT privacy.sharing_disclosures(%s, COALESCE(%s, now()))", (subject_key, as_of))

    # HIPAA
    def register_phi_table(self, table: str, patient_column: str) -> None:
        self.conn.execute("SELECT privacy.register_phi_table(%s::regclass, %s)", (table, patient_column))

    def log_phi_access(self, patient: str, access_type: str = "read", table: str | None = None,
                       break_glass_reason: str | None = None, recipient: str | None = None) -> int:
        return self._value("SELECT privacy.log_phi_access(%s, %s, %s::regclass, %s, %s)",
                           (patient, access_type, table, break_glass_reason, recipient))

    def request_phi_access(self, table: str, patients: list[str] | None = None,
                           break_glass_reason: str | None = None) -> int:
        """Logs an access to a PHI table and returns its grant; commit before read_phi uses it."""
        return self._value("SELECT privacy.request_phi_access(%s::regclass, %s::text[], %s)",
                           (table, patients, break_glass_reason))

    def read_phi(self, table: str, patients: list[str] | None = None, break_glass_reason: str | None = None,
                 access_grant: int | None = None, *, actor: str | None = None, purpose: str | None = None,
                 tenant: str | None = None) -> list[dict[str, Any]]:
        """PHI rows read under a committed grant: access_grant, else one asked for and committed first.

        Without access_grant the connection must not be inside a transaction: the access is
        logged and committed (privacy.request_phi_access), then read in a new transaction, so
        the log stays whatever the caller does with the read's transaction. Each step is a
        transaction of its own and the session context lasts one transaction: actor, purpose
        and tenant, when given, are declared (governance.set_context) in both.
        """
        def declare() -> None:
            if actor is not None:
                self.conn.execute("SELECT governance.set_context(%s, %s, NULL, %s)", (actor, tenant, purpose))

        if access_grant is None:
            access_grant = self._committed_value("SELECT privacy.request_phi_access(%s::regclass, %s::text[], %s)",
                                                 (table, patients, break_glass_reason), before=declare)
            declare()
        # read_phi is polymorphic: a NULL of the table's row type says which table to read.
        query = sql.SQL("SELECT * FROM privacy.read_phi(NULL::{}, %s::bigint)").format(self._relation(table))
        return self._rows(query, (access_grant,))

    def accounting_of_disclosures(self, patient: str, since: datetime | None = None) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM privacy.accounting_of_disclosures(%s, COALESCE(%s, now() - interval '6 years'))",
                          (patient, since))

    def review_break_glass(self, access_id: int, outcome: str, note: str) -> None:
        self.conn.execute("SELECT privacy.review_break_glass(%s, %s, %s)", (access_id, outcome, note))

    def report_incident(self, incident_type: str, severity: str, description: str) -> int:
        return self._value("SELECT privacy.report_incident(%s, %s, %s)", (incident_type, severity, description))

    def update_incident(self, incident_id: int, action: str, note: str | None = None) -> None:
        self.conn.execute("SELECT privacy.update_incident(%s, %s, %s)", (incident_id, action, note))
