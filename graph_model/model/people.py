"""People and the nine person-to-person links of the hearth/1 format."""

from __future__ import annotations

from neomodel import (
    BooleanProperty,
    DateProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)

from graph_model import vocabulary


class PersonLink(StructuredRel):  # type: ignore[misc]
    """A dated link between two people; `key` identifies it across loads (see docs/import-format.md)."""

    key = StringProperty(required=True)
    start = DateProperty()
    end = DateProperty()


class ParentLink(PersonLink):
    """A is a parent of B, by birth or adoption."""

    kind = StringProperty(choices={k: k for k in vocabulary.PARENT_KINDS}, default="birth")


class RelativeLink(PersonLink):
    """A is recorded as B's relative (relation word from the vocabulary) when the tree is unknown."""

    relation = StringProperty(choices={r: r for r in vocabulary.RELATIONS}, required=True)


class Person(StructuredNode):  # type: ignore[misc]
    """A person: victim, perpetrator, child, relative, applicant. Synthetic data only."""

    uid = StringProperty(unique_index=True, required=True, db_property="id")
    given_name = StringProperty()
    family_name = StringProperty()
    date_of_birth = DateProperty()
    sex = StringProperty(choices={s: s for s in vocabulary.SEX})
    synthetic = BooleanProperty()

    married = RelationshipTo("Person", "MARRIED", model=PersonLink)
    civil_partners = RelationshipTo("Person", "CIVIL_PARTNERS", model=PersonLink)
    agreed_to_marry = RelationshipTo("Person", "AGREED_TO_MARRY", model=PersonLink)
    civil_partnership_agreement = RelationshipTo("Person", "CIVIL_PARTNERSHIP_AGREEMENT", model=PersonLink)
    intimate_relationship = RelationshipTo("Person", "INTIMATE_RELATIONSHIP", model=PersonLink)
    cohabiting = RelationshipTo("Person", "COHABITING", model=PersonLink)
    parent_of = RelationshipTo("Person", "PARENT_OF", model=ParentLink)
    parental_responsibility_for = RelationshipTo("Person", "PARENTAL_RESPONSIBILITY_FOR", model=PersonLink)
    relative_of = RelationshipTo("Person", "RELATIVE_OF", model=RelativeLink)
