"""Agencies and the users who work for them."""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    ZeroOrOne,
)

from graph_model import vocabulary


class Agency(StructuredNode):  # type: ignore[misc]
    """A police force, IDVA service, housing provider, council service, health body..."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    name = StringProperty(required=True)
    kind = StringProperty(choices={k: k for k in vocabulary.AGENCY_KINDS}, required=True)
    area = StringProperty()


class User(StructuredNode):  # type: ignore[misc]
    """A person who uses Hearth; roles decide what they may do."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    username = StringProperty(unique_index=True, required=True)
    display_name = StringProperty()
    roles = ArrayProperty(StringProperty(choices={r: r for r in vocabulary.ROLES}), required=True)
    # Not part of hearth/1: set by `hearth user set-password` or the demo seed, never exported.
    password_hash = StringProperty()
    builtin = BooleanProperty(default=False)

    agency = RelationshipTo(Agency, "MEMBER_OF", cardinality=ZeroOrOne)
