"""The graph model: every node and link of the hearth/1 format, as neomodel classes."""

from graph_model.model.agencies import Agency, User
from graph_model.model.cases import Case, Consent, Incident, Referral, RiskAssessment
from graph_model.model.housing import CourtOrder, Nomination, Property, Tenancy
from graph_model.model.marac import MaracAction, MaracCase, MaracMeeting
from graph_model.model.people import ParentLink, Person, PersonLink, RelativeLink

ALL_NODES = (Person, Agency, User, Property, Tenancy, Case, Incident, RiskAssessment, Referral, Consent,
             MaracMeeting, MaracCase, MaracAction, Nomination, CourtOrder)

__all__ = [
    "ALL_NODES", "Agency", "Case", "Consent", "CourtOrder", "Incident", "MaracAction", "MaracCase",
    "MaracMeeting", "Nomination", "ParentLink", "Person", "PersonLink", "Property", "Referral",
    "RelativeLink", "RiskAssessment", "Tenancy", "User",
]
