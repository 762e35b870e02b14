"""Domestic abuse cases, their incidents, risk assessments, referrals and consents."""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateProperty,
    IntegerProperty,
    One,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    ZeroOrOne,
)

from graph_model import vocabulary
from graph_model.model.agencies import Agency, User
from graph_model.model.people import Person


class Case(StructuredNode):  # type: ignore[misc]
    """A DA case: victims, perpetrators and children in it, by role links from the people."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    area = StringProperty()
    opened = DateProperty()
    counter_allegation = BooleanProperty(default=False)

    victims = RelationshipFrom(Person, "VICTIM_IN")
    perpetrators = RelationshipFrom(Person, "PERPETRATOR_IN")
    children = RelationshipFrom(Person, "CHILD_IN")


class Incident(StructuredNode):  # type: ignore[misc]
    """One incident in a case, with its s.1(3) behaviour kinds."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    date = DateProperty(required=True)
    behaviours = ArrayProperty(StringProperty(choices={b: b for b in vocabulary.BEHAVIOURS}))
    police_callout = BooleanProperty(default=False)

    case = RelationshipTo(Case, "IN_CASE", cardinality=One)
    by = RelationshipTo(Person, "BY", cardinality=ZeroOrOne)
    towards = RelationshipTo(Person, "TOWARDS", cardinality=ZeroOrOne)


class RiskAssessment(StructuredNode):  # type: ignore[misc]
    """A DASH risk identification checklist: answers kept as the question numbers answered yes and no."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    date = DateProperty(required=True)
    tool = StringProperty(choices={t: t for t in vocabulary.RISK_TOOLS}, required=True)
    answered_yes = ArrayProperty(IntegerProperty(), default=list)
    answered_no = ArrayProperty(IntegerProperty(), default=list)
    yes_count = IntegerProperty()
    professional_judgement_high = BooleanProperty(default=False)

    case = RelationshipTo(Case, "ASSESSES", cardinality=One)
    assessor = RelationshipTo(User, "ASSESSED_BY", cardinality=ZeroOrOne)


class Referral(StructuredNode):  # type: ignore[misc]
    """A referral of a case from one agency to another, on consent or a recorded lawful basis."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    kind = StringProperty(choices={k: k for k in vocabulary.REFERRAL_KINDS}, required=True)
    date = DateProperty(required=True)
    basis = StringProperty(choices={b: b for b in vocabulary.REFERRAL_BASES}, required=True)

    case = RelationshipTo(Case, "REFERS", cardinality=One)
    from_agency = RelationshipTo(Agency, "FROM_AGENCY", cardinality=ZeroOrOne)
    to_agency = RelationshipTo(Agency, "TO_AGENCY", cardinality=ZeroOrOne)


class Consent(StructuredNode):  # type: ignore[misc]
    """A person's consent (given, refused or withdrawn) to a scope of sharing."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    scope = StringProperty(required=True)
    status = StringProperty(choices={s: s for s in vocabulary.CONSENT_STATUSES}, required=True)
    date = DateProperty(required=True)

    person = RelationshipTo(Person, "CONSENT_OF", cardinality=One)
    recorded_by = RelationshipTo(User, "RECORDED_BY", cardinality=ZeroOrOne)
