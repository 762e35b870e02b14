"""Properties (homes) with a WGS-84 location, tenancies, nominations and court orders."""

from __future__ import annotations

from neomodel import (
    DateProperty,
    IntegerProperty,
    One,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    ZeroOrOne,
)
from neomodel.contrib.spatial_properties import PointProperty

from graph_model import vocabulary
from graph_model.model.agencies import Agency
from graph_model.model.people import Person


class Property(StructuredNode):  # type: ignore[misc]
    """A home. Its location is a WGS-84 point with a point index (installed by graph_model.schema)."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    address = StringProperty()
    postcode = StringProperty()
    location = PointProperty(crs="wgs-84", required=True)
    building = StringProperty()
    area = StringProperty()

    landlord = RelationshipTo(Agency, "LET_BY", cardinality=ZeroOrOne)


class Tenancy(StructuredNode):  # type: ignore[misc]
    """A person living at a property from start until end (missing end: still living there)."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    start = DateProperty(required=True)
    end = DateProperty()

    tenant = RelationshipTo(Person, "TENANT", cardinality=One)
    property = RelationshipTo(Property, "OF_PROPERTY", cardinality=One)


class Nomination(StructuredNode):  # type: ignore[misc]
    """A nomination of an applicant to a property, which lettings must screen."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    date = DateProperty(required=True)

    applicant = RelationshipTo(Person, "APPLICANT", cardinality=One)
    property = RelationshipTo(Property, "FOR_PROPERTY", cardinality=One)
    nominated_by = RelationshipTo(Agency, "NOMINATED_BY", cardinality=ZeroOrOne)


class CourtOrder(StructuredNode):  # type: ignore[misc]
    """A court order against a respondent protecting people, with an optional exclusion zone."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    kind = StringProperty(choices={k: k for k in vocabulary.COURT_ORDER_KINDS}, required=True)
    start = DateProperty(required=True)
    end = DateProperty()
    exclusion_radius_m = IntegerProperty()

    respondent = RelationshipTo(Person, "RESPONDENT", cardinality=One)
    protected = RelationshipTo(Person, "PROTECTS")
    exclusion_property = RelationshipTo(Property, "EXCLUSION_AROUND", cardinality=ZeroOrOne)
