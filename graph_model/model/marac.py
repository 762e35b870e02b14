"""MARAC meetings, the cases listed at them, and their actions."""

from __future__ import annotations

from neomodel import (
    DateProperty,
    One,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    ZeroOrOne,
)

from graph_model import vocabulary
from graph_model.model.agencies import Agency, User
from graph_model.model.cases import Case


class MaracMeeting(StructuredNode):  # type: ignore[misc]
    """A multi-agency risk assessment conference for an area on a date."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    area = StringProperty(required=True)
    date = DateProperty(required=True)

    chair = RelationshipTo(User, "CHAIRED_BY", cardinality=ZeroOrOne)
    agencies_attending = RelationshipTo(Agency, "ATTENDED_BY")


class MaracCase(StructuredNode):  # type: ignore[misc]
    """A case referred to MARAC on a criterion, listed at a meeting once scheduled."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    criterion = StringProperty(choices={c: c for c in vocabulary.MARAC_CRITERIA}, required=True)
    referred = DateProperty(required=True)

    case = RelationshipTo(Case, "MARAC_FOR", cardinality=One)
    meeting = RelationshipTo(MaracMeeting, "LISTED_AT", cardinality=ZeroOrOne)
    referring_agency = RelationshipTo(Agency, "REFERRED_BY", cardinality=ZeroOrOne)


class MaracAction(StructuredNode):  # type: ignore[misc]
    """A SMART action from a MARAC, owned by an agency, due by a date; overdue is derived."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    description = StringProperty(required=True)
    due = DateProperty(required=True)
    status = StringProperty(choices={s: s for s in vocabulary.ACTION_STATUSES}, required=True)

    marac_case = RelationshipTo(MaracCase, "ACTION_FOR", cardinality=One)
    owner_agency = RelationshipTo(Agency, "OWNED_BY", cardinality=One)
