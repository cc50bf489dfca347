"""governance encryption: keys, field encryption, column conversion, crypto-shredding.

Pass the master key only through unlock(): it goes to the server as a query parameter,
never inside the SQL text (which the server may log).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg.types.json import Jsonb

from installer.api.base import API


class EncryptionAPI(API):
    def unlock(self, master_key: str) -> None:
        self.conn.execute("SELECT governance.unlock(%s)", (master_key,))

    def lock(self) -> None:
        self.conn.execute("SELECT governance.lock()")

    def create_key(self, name: str) -> int:
        return self._value("SELECT governance.create_key(%s)", (name,))

    def rotate_key(self, name: str) -> int:
        return self._value("SELECT governance.rotate_key(%s)", (name,))

    def grant_key(self, key_name: str, grantee: str, privileges: Sequence[str] = ("encrypt", "decrypt")) -> None:
        self.conn.execute("SELECT governance.grant_key(%s, %s::regrole, %s::text[])", (key_name, grantee, list(privileges)))

    def revoke_key(self, key_name: str, grantee: str, privileges: Sequence[str] = ("encrypt", "decrypt")) -> bool:
        return self._value("SELECT governance.revoke_key(%s, %s::regrole, %s::text[])", (key_name, grantee, list(privileges)))

    def encrypt(self, plaintext: str | bytes | None, key_name: str, subject_key: str | None = None,
                context: str | None = None) -> bytes | None:
        if isinstance(plaintext, (bytes, bytearray, memoryview)):
            query = "SELECT governance.encrypt(%s::bytea, %s, %s, %s)"
        else:
            query = "SELECT governance.encrypt(%s::text, %s, %s, %s)"
        return self._value(query, (plaintext, key_name, subject_key, context))

    def decrypt(self, ciphertext: bytes | None, context: str | None = None) -> str | None:
        return self._value("SELECT governance.decrypt(%s::bytea, %s)", (ciphertext, context))

    def decrypt_bytea(self, ciphertext: bytes | None, context: str | None = None) -> bytes | None:
        return self._value("SELECT governance.decrypt_bytea(%s::bytea, %s)", (ciphertext, context))

    def blind_index(self, value: str | None, key_name: str) -> bytes | None:
        return self._value("SELECT governance.blind_index(%s, %s)", (value, key_name))

    def ciphertext_info(self, ciphertext: bytes) -> dict[str, Any]:
        return self._rows("SELECT * FROM governance.ciphertext_info(%s::bytea)", (ciphertext,))[0]

    def encrypt_column(self, table: str, column: str, key_name: str,
                       batch_size: int | None = None) -> tuple[int, bool]:
        """One batch: (rows converted, done). Call in a fresh transaction, after unlock, until done."""
        return self.conn.execute("SELECT converted, done FROM governance.encrypt_column(%s::regclass, %s, %s, %s)",
                                 (table, column, key_name, batch_size)).fetchone()

    def reencrypt(self, table: str, column: str, batch_size: int | None = None) -> tuple[int, bool]:
        """One batch: (rows moved to the newest key version, done)."""
        return self.conn.execute("SELECT converted, done FROM governance.reencrypt(%s::regclass, %s, %s)",
                                 (table, column, batch_size)).fetchone()

    def encryption_backlog(self, table: str, column: str) -> int:
        return self._value("SELECT governance.encryption_backlog(%s::regclass, %s)", (table, column))

    def column_context(self, table: str, column: str, primary_key: list[Any]) -> str:
        return self._value("SELECT governance.column_context(%s::regclass, %s, %s)", (table, column, Jsonb(primary_key)))

    def set_decryption_audit(self, key_name: str, enabled: bool = True) -> None:
        self.conn.execute("SELECT governance.set_decryption_audit(%s, %s)", (key_name, enabled))

    def rotate_master_key(self, new_master_key: str) -> int:
        return self._value("SELECT governance.rotate_master_key(%s)", (new_master_key,))

    def shred_subject_keys(self, subject_key: str) -> int:
        return self._value("SELECT governance.shred_subject_keys(%s)", (subject_key,))

    def connection_security(self) -> dict[str, Any]:
        return self._value("SELECT governance.connection_security()")
