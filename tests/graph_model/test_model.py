"""The neomodel classes describe what the loader writes: every loaded record inflates into its class."""

from __future__ import annotations

import json

import pytest

from graph_model import model
from graph_model.config import PROJECT_ROOT
from graph_model.interchange import load
from graph_model.interchange.spec import LABELS
from graph_model.users import Actor

DEMO = PROJECT_ROOT / "seed" / "demo.json"


@pytest.fixture()
def demo(admin: Actor) -> dict:  # type: ignore[type-arg]
    """Load the demo document and return it."""
    document = json.loads(DEMO.read_text())
    load.load(admin, document)
    return document


@pytest.mark.parametrize("node_class", model.ALL_NODES, ids=lambda c: c.__name__)
def test_every_record_inflates(demo: dict, node_class: type) -> None:  # type: ignore[type-arg]
    """neomodel reads back every node of each class without a type or vocabulary error."""
    nodes = node_class.nodes.all()  # type: ignore[attr-defined]
    section = next(s for s, label in LABELS.items() if label == node_class.__name__)
    builtin = 1 if node_class is model.User else 0  # the built-in admin is not in the document
    assert sorted(node.uid for node in nodes) == sorted([r["id"] for r in demo[section]]
                                                         + ["hearth-admin"] * builtin)


def test_model_follows_links(demo: dict) -> None:  # type: ignore[type-arg]
    """Relationships the loader writes are the ones the model declares."""
    case = model.Case.nodes.get(uid=demo["cases"][0]["id"])
    assert sorted(p.uid for p in case.victims.all()) == sorted(demo["cases"][0]["victims"])
    married = next(link for link in demo["links"] if link["type"] == "MARRIED")
    person = model.Person.nodes.get(uid=married["a"])
    assert married["b"] in [p.uid for p in person.married.all()]
    home = model.Property.nodes.get(uid=demo["properties"][0]["id"])
    assert home.location.latitude == pytest.approx(demo["properties"][0]["latitude"])
    assessment = model.RiskAssessment.nodes.get(uid=demo["risk_assessments"][0]["id"])
    answers = demo["risk_assessments"][0]["answers"]
    assert assessment.yes_count == sum(1 for yes in answers.values() if yes)
