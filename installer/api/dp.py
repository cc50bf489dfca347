"""privacy: differential privacy (budgets, noisy aggregates, guard rails) and Paillier sums."""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from psycopg import sql

from installer.api.base import API
from installer.crypto.paillier import Ciphertext


class DPRelease(NamedTuple):
    """What a *_release function returns: the noisy value and what it cost."""
    release_id: int
    value: Decimal | None
    epsilon: Decimal
    sensitivity: Decimal
    noise_scale: Decimal


class HistogramBar(NamedTuple):
    """One row of privacy.dp_histogram: a declared category and its noisy count."""
    category: str
    count: Decimal


class DpAPI(API):
    def set_budget(self, actor: str, dataset: str, epsilon: float) -> None:
        self.conn.execute("SELECT privacy.set_budget(%s, %s::regclass, %s::float8)", (actor, dataset, epsilon))

    def reset_budget(self, actor: str, dataset: str) -> Decimal:
        return self._value("SELECT privacy.reset_budget(%s, %s::regclass)", (actor, dataset))

    def dp_remaining(self, dataset: str) -> Decimal | None:
        return self._value("SELECT privacy.dp_remaining(%s::regclass)", (dataset,))

    def dp_configure(self, dataset: str, subject_column: str | None = None, max_contributions: int = 1) -> None:
        self.conn.execute("SELECT privacy.dp_configure(%s::regclass, %s, %s)", (dataset, subject_column, max_contributions))

    def dp_protect(self, dataset: str, analyst: str) -> None:
        self.conn.execute("SELECT privacy.dp_protect(%s::regclass, %s::regrole)", (dataset, analyst))

    def dp_count(self, dataset: str, epsilon: float) -> Decimal:
        return self._value("SELECT privacy.dp_count(%s::regclass, %s::float8)", (dataset, epsilon))

    def dp_count_release(self, dataset: str, epsilon: float) -> DPRelease:
        return self._release("SELECT * FROM privacy.dp_count_release(%s::regclass, %s::float8)", (dataset, epsilon))

    def dp_sum(self, dataset: str, column: str, lower: float | Decimal, upper: float | Decimal, epsilon: float) -> Decimal:
        return self._value("SELECT privacy.dp_sum(%s::regclass, %s, %s::numeric, %s::numeric, %s::float8)",
                           (dataset, column, lower, upper, epsilon))

    def dp_sum_release(self, dataset: str, column: str, lower: float | Decimal, upper: float | Decimal,
                       epsilon: float) -> DPRelease:
        return self._release("SELECT * FROM privacy.dp_sum_release(%s::regclass, %s, %s::numeric, %s::numeric, %s::float8)",
                             (dataset, column, lower, upper, epsilon))

    def dp_mean(self, dataset: str, column: str, lower: float | Decimal, upper: float | Decimal, epsilon: float) -> Decimal:
        return self._value("SELECT privacy.dp_mean(%s::regclass, %s, %s::numeric, %s::numeric, %s::float8)",
                           (dataset, column, lower, upper, epsilon))

    def dp_mean_release(self, dataset: str, column: str, lower: float | Decimal, upper: float | Decimal,
                        epsilon: float) -> DPRelease:
        return self._release("SELECT * FROM privacy.dp_mean_release(%s::regclass, %s, %s::numeric, %s::numeric, %s::float8)",
                             (dataset, column, lower, upper, epsilon))

    def dp_histogram(self, dataset: str, column: str, categories: list[str], epsilon: float) -> list[HistogramBar]:
        return self._typed_rows(HistogramBar, "SELECT * FROM privacy.dp_histogram(%s::regclass, %s, %s::text[], %s::float8)",
                                (dataset, column, categories, epsilon))

    def dp_select(self, dataset: str, column: str, categories: list[str], epsilon: float) -> str:
        return self._value("SELECT privacy.dp_select(%s::regclass, %s, %s::text[], %s::float8)",
                           (dataset, column, categories, epsilon))

    def _release(self, query: str, params: tuple[object, ...]) -> DPRelease:
        return self._typed_rows(DPRelease, query, params)[0]

    def paillier_sum(self, table: str, column: str, public_key: int) -> Ciphertext | None:
        """privacy.paillier_sum over a column of privacy.paillier_ciphertext: the encrypted total.

        table is named as in every other wrapper (schema-qualified, quoted like SQL); column as it is.
        """
        row = self.conn.execute(
            sql.SQL("SELECT (s).key_id, (s).c FROM (SELECT privacy.paillier_sum(t.{}, %s::numeric) AS s FROM {} AS t) AS a")
            .format(sql.Identifier(column), self._relation(table)), (public_key,)).fetchone()
        return None if row[0] is None else Ciphertext(bytes(row[0]), int(row[1]))
