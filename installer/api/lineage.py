"""lineage: assets and edges, graph queries, ML models and predictions, OpenLineage, quality."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from installer.api.base import API, jsonb


class LineageAPI(API):
    # Assets and edges
    def register_asset(self, namespace: str, name: str, asset_type: str) -> int:
        return self._value("SELECT lineage.register_asset(%s, %s, %s)", (namespace, name, asset_type))

    def register_table(self, table: str) -> int:
        return self._value("SELECT lineage.register_table(%s::regclass)", (table,))

    def describe_asset(self, asset: int, owner: str | None = None, description: str | None = None,
                       tags: list[str] | None = None) -> None:
        self.conn.execute("SELECT lineage.describe_asset(%s, %s, %s, %s::text[])", (asset, owner, description, tags))

    def find_asset(self, ref: str) -> int:
        return self._value("SELECT lineage.find_asset(%s)", (ref,))

    def declare_alias(self, namespace: str, name: str, asset: int) -> int:
        return self._value("SELECT lineage.declare_alias(%s, %s, %s)", (namespace, name, asset))

    def local_namespace(self) -> str:
        return self._value("SELECT lineage.local_namespace()")

    def add_edge(self, source: int, target: int, transformation_type: str, details: dict[str, Any] | None = None,
                 created_by: str | None = None) -> int:
        return self._value("SELECT lineage.add_edge(%s, %s, %s, %s, %s)",
                           (source, target, transformation_type, jsonb(details), created_by))

    def remove_edge(self, edge: int) -> bool:
        return self._value("SELECT lineage.remove_edge(%s)", (edge,))

    # Graph queries
    def upstream(self, asset: int, max_depth: int | None = 10, as_of: datetime | None = None) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.upstream(%s, %s, %s)", (asset, max_depth, as_of))

    def downstream(self, asset: int, max_depth: int | None = 10, as_of: datetime | None = None) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.downstream(%s, %s, %s)", (asset, max_depth, as_of))

    def impact(self, asset: int, max_depth: int | None = None) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.impact(%s, %s)", (asset, max_depth))

    def path(self, from_asset: int, to_asset: int, max_depth: int | None = None) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.path(%s, %s, %s)", (from_asset, to_asset, max_depth))

    def column_upstream(self, asset: int, column: str, max_depth: int = 10) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.column_upstream(%s, %s, %s)", (asset, column, max_depth))

    def column_downstream(self, asset: int, column: str, max_depth: int = 10) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.column_downstream(%s, %s, %s)", (asset, column, max_depth))

    def inherited_classes(self, asset: int) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.inherited_classes(%s)", (asset,))

    def graph(self, asset: int, depth: int = 3) -> dict[str, Any]:
        return self._value("SELECT lineage.graph(%s, %s)", (asset, depth))

    def to_dot(self, asset: int, depth: int = 3) -> str:
        return self._value("SELECT lineage.to_dot(%s, %s)", (asset, depth))

    def to_mermaid(self, asset: int, depth: int = 3) -> str:
        return self._value("SELECT lineage.to_mermaid(%s, %s)", (asset, depth))

    # ML models
    def register_model(self, name: str, model_type: str | None = None, owner: str | None = None,
                       description: str | None = None) -> int:
        return self._value("SELECT lineage.register_model(%s, %s, %s, %s)", (name, model_type, owner, description))

    def register_model_version(self, model: str, version: str) -> int:
        return self._value("SELECT lineage.register_model_version(%s, %s)", (model, version))

    def log_training_run(self, model_version: int, dataset: int, hyperparameters: dict[str, Any] | None = None,
                         metrics: dict[str, Any] | None = None, dataset_version: str | None = None,
                         code_version: str | None = None, environment: str | None = None,
                         status: str = "completed", started_at: datetime | None = None,
                         completed_at: datetime | None = None) -> int:
        return self._value(
            "SELECT lineage.log_training_run(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (model_version, dataset, Jsonb(hyperparameters or {}), Jsonb(metrics or {}), dataset_version,
             code_version, environment, status, started_at, completed_at))

    def deploy_model(self, model_version: int, environment: str, endpoint: str | None = None) -> int:
        return self._value("SELECT lineage.deploy_model(%s, %s, %s)", (model_version, environment, endpoint))

    def retire_deployment(self, deployment: int) -> bool:
        return self._value("SELECT lineage.retire_deployment(%s)", (deployment,))

    def log_prediction(self, model_version: int, input_hash: str, output: Any, subject_key: str | None = None,
                       deployment: int | None = None) -> int:
        return self._value("SELECT lineage.log_prediction(%s, %s, %s, %s, %s)",
                           (model_version, input_hash, jsonb(output), subject_key, deployment))

    def log_predictions(self, model_version: int, predictions: list[dict[str, Any]],
                        deployment: int | None = None) -> int:
        """predictions: [{"input_hash": ..., "output": ..., "subject_key": ...}]; returns how many were logged."""
        return self._value("SELECT lineage.log_predictions(%s, %s, %s)", (model_version, Jsonb(predictions), deployment))

    def register_predictions_table(self, table: str, subject_column: str, time_column: str,
                                   model_column: str | None = None, version_column: str | None = None,
                                   output_column: str | None = None, model_name: str | None = None) -> str:
        return self._value("SELECT lineage.register_predictions_table(%s::regclass, %s, %s, %s, %s, %s, %s)::text",
                           (table, subject_column, time_column, model_column, version_column, output_column, model_name))

    def model_lineage(self, model_version: int) -> dict[str, Any]:
        return self._value("SELECT lineage.model_lineage(%s)", (model_version,))

    def prediction_lineage(self, prediction: int) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.prediction_lineage(%s)", (prediction,))

    def trained_on(self, asset: int) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM lineage.trained_on(%s)", (asset,))

    def subject_impact(self, subject_key: str) -> dict[str, Any]:
        return self._value("SELECT lineage.subject_impact(%s)", (subject_key,))

    def subject_predictions(self, subject_key: str) -> list[dict[str, Any]]:
        return self._value("SELECT lineage.subject_predictions(%s)", (subject_key,))

    # OpenLineage
    def ingest_openlineage(self, event: dict[str, Any]) -> bool:
        return self._value("SELECT lineage.ingest_openlineage(%s)", (Jsonb(event),))

    def openlineage_problem(self, event: dict[str, Any]) -> str | None:
        return self._value("SELECT lineage.openlineage_problem(%s)", (Jsonb(event),))

    # Data quality
    def set_quality_threshold(self, asset: int, metric: str, warn_at: float, fail_at: float,
                              direction: str = "min") -> None:
        self.conn.execute("SELECT lineage.set_quality_threshold(%s, %s, %s, %s, %s)",
                          (asset, metric, warn_at, fail_at, direction))

    def record_quality_metric(self, asset: int, metric: str, value: float, unit: str | None = None,
                              measured_at: datetime | None = None) -> str | None:
        return self._value("SELECT lineage.record_quality_metric(%s, %s, %s, %s, %s)",
                           (asset, metric, value, unit, measured_at))

    def asset_quality(self, asset: int) -> str | None:
        return self._value("SELECT lineage.asset_quality(%s)", (asset,))
