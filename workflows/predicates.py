"""The guard predicates definitions may name: graph questions answered by graph_model.workflow.predicates."""

from __future__ import annotations

from graph_model.workflow.predicates import PREDICATES

REGISTRY = PREDICATES
