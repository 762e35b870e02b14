"""The hearth/1 sections and fields (shared/import-format.md) as data the validator and loader share."""

from __future__ import annotations

from dataclasses import dataclass

from graph_model import text
from graph_model import vocabulary as v


@dataclass(frozen=True)
class Field:
    """One field of a record: its kind, whether required, its vocabulary or the section it refers to."""

    kind: str  # text, date, bool, latitude, longitude, radius, word, words, ref, refs, answers
    required: bool = False
    words: frozenset[str] | None = None
    ref: str | None = None
    non_empty: bool = False
    one_line: bool = False  # ids, references and usernames: no tab or line break (graph_model.text)


def _ref(section: str, required: bool = False) -> Field:
    return Field("ref", required=required, ref=section)


def _refs(section: str, required: bool = False) -> Field:
    return Field("refs", required=required, ref=section, non_empty=required)


ID = Field("text", required=True, non_empty=True)

SECTIONS: dict[str, dict[str, Field]] = {
    "people": {
        "id": ID, "given_name": Field("text"), "family_name": Field("text"),
        "date_of_birth": Field("date"), "sex": Field("word", words=v.SEX), "synthetic": Field("bool"),
    },
    "links": {
        "type": Field("word", required=True, words=v.LINK_TYPES), "a": _ref("people", True),
        "b": _ref("people", True), "start": Field("date"), "end": Field("date"),
        "kind": Field("word", words=v.PARENT_KINDS), "relation": Field("word", words=v.RELATIONS),
    },
    "agencies": {
        "id": ID, "name": Field("text", required=True, non_empty=True),
        "kind": Field("word", required=True, words=v.AGENCY_KINDS), "area": Field("text"),
    },
    "users": {
        "id": ID, "username": Field("text", required=True, non_empty=True, one_line=True),
        "display_name": Field("text"),
        "agency": _ref("agencies"), "roles": Field("words", required=True, words=v.ROLES, non_empty=True),
    },
    "properties": {
        "id": ID, "address": Field("text"), "postcode": Field("text"),
        "latitude": Field("latitude", required=True), "longitude": Field("longitude", required=True),
        "building": Field("text"), "area": Field("text"), "landlord": _ref("agencies"),
    },
    "tenancies": {
        "id": ID, "person": _ref("people", True), "property": _ref("properties", True),
        "start": Field("date", required=True), "end": Field("date"),
    },
    "cases": {
        "id": ID, "area": Field("text"), "opened": Field("date"), "victims": _refs("people", True),
        "perpetrators": _refs("people", True), "children": _refs("people"),
        "counter_allegation": Field("bool"),
    },
    "incidents": {
        "id": ID, "case": _ref("cases", True), "date": Field("date", required=True), "by": _ref("people"),
        "towards": _ref("people"), "behaviours": Field("words", words=v.BEHAVIOURS),
        "police_callout": Field("bool"),
    },
    "risk_assessments": {
        "id": ID, "case": _ref("cases", True), "date": Field("date", required=True),
        "tool": Field("word", required=True, words=v.RISK_TOOLS), "answers": Field("answers", required=True),
        "professional_judgement_high": Field("bool"), "assessor": _ref("users"),
    },
    "referrals": {
        "id": ID, "case": _ref("cases", True), "kind": Field("word", required=True, words=v.REFERRAL_KINDS),
        "from_agency": _ref("agencies"), "to_agency": _ref("agencies"), "date": Field("date", required=True),
        "basis": Field("word", required=True, words=v.REFERRAL_BASES),
    },
    "consents": {
        "id": ID, "person": _ref("people", True), "scope": Field("text", required=True, non_empty=True),
        "status": Field("word", required=True, words=v.CONSENT_STATUSES),
        "date": Field("date", required=True), "recorded_by": _ref("users"),
    },
    "marac_meetings": {
        "id": ID, "area": Field("text", required=True, non_empty=True), "date": Field("date", required=True),
        "chair": _ref("users"), "agencies_attending": _refs("agencies"),
    },
    "marac_cases": {
        "id": ID, "case": _ref("cases", True), "meeting": _ref("marac_meetings"),
        "criterion": Field("word", required=True, words=v.MARAC_CRITERIA),
        "referred": Field("date", required=True), "referring_agency": _ref("agencies"),
    },
    "marac_actions": {
        "id": ID, "marac_case": _ref("marac_cases", True), "owner_agency": _ref("agencies", True),
        "description": Field("text", required=True, non_empty=True), "due": Field("date", required=True),
        "status": Field("word", required=True, words=v.ACTION_STATUSES),
    },
    "nominations": {
        "id": ID, "applicant": _ref("people", True), "property": _ref("properties", True),
        "nominated_by": _ref("agencies"), "date": Field("date", required=True),
    },
    "court_orders": {
        "id": ID, "kind": Field("word", required=True, words=v.COURT_ORDER_KINDS),
        "respondent": _ref("people", True), "protected": _refs("people", True),
        "start": Field("date", required=True), "end": Field("date"),
        "exclusion_property": _ref("properties"), "exclusion_radius_m": Field("radius"),
    },
}

# Sections in an order where every reference points backwards, so one pass can write them.
ORDER = tuple(SECTIONS)

# The node label each section's records become (links are relationships, not nodes).
LABELS: dict[str, str] = {
    "people": "Person", "agencies": "Agency", "users": "User", "properties": "Property",
    "tenancies": "Tenancy", "cases": "Case", "incidents": "Incident", "risk_assessments": "RiskAssessment",
    "referrals": "Referral", "consents": "Consent", "marac_meetings": "MaracMeeting",
    "marac_cases": "MaracCase", "marac_actions": "MaracAction", "nominations": "Nomination",
    "court_orders": "CourtOrder",
}
MAX_TEXT = text.MAX_TEXT
# Ids of accounts Hearth creates itself (graph_model.users); a document may not overwrite them.
RESERVED_USER_IDS = frozenset({"hearth-admin"})
MAX_ID = text.MAX_ID
