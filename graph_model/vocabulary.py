"""The closed vocabularies of the hearth/1 format (shared/import-format.md), as one source of truth."""

from __future__ import annotations

FORMAT = "hearth/1"

SEX = frozenset({"female", "male", "other", "unknown"})
BEHAVIOURS = frozenset({
    "physical_or_sexual", "violent_or_threatening", "controlling_or_coercive", "economic",
    "psychological_or_emotional",
})
AGENCY_KINDS = frozenset({
    "police", "idva_service", "housing_provider", "local_authority_housing", "childrens_social_care",
    "adult_social_care", "health", "probation", "substance_misuse", "education", "specialist_da_service",
    "other",
})
ROLES = frozenset({
    "lettings_officer", "housing_options_officer", "idva", "da_lead", "marac_chair", "marac_coordinator",
    "police_officer", "analyst", "admin",
})
REFERRAL_KINDS = frozenset({"idva", "marac", "outreach", "refuge", "childrens_social_care", "other"})
LAWFUL_BASES = frozenset({"child_protection", "legal_duty", "lacks_capacity", "high_risk_safeguarding"})
REFERRAL_BASES = LAWFUL_BASES | {"consent"}
CONSENT_STATUSES = frozenset({"given", "refused", "withdrawn"})
MARAC_CRITERIA = frozenset({"visible_high_risk", "professional_judgement", "potential_escalation", "repeat"})
ACTION_STATUSES = frozenset({"open", "done", "cancelled"})
COURT_ORDER_KINDS = frozenset({"non_molestation", "occupation", "restraining", "domestic_abuse_protection",
                               "other"})
PARENT_KINDS = frozenset({"birth", "adoptive"})
RISK_TOOLS = frozenset({"DASH"})
DASH_QUESTIONS = frozenset(str(n) for n in range(1, 25))

_BASE_RELATIONS = ("parent", "child", "step_parent", "step_child", "grandparent", "grandchild", "sibling",
                   "uncle_or_aunt", "niece_or_nephew", "first_cousin")
RELATIONS = frozenset(_BASE_RELATIONS) | frozenset(f"{word}_in_law" for word in _BASE_RELATIONS)

# Person-to-person link types. Symmetric ones have no direction: (a, b) and (b, a) are the same link.
SYMMETRIC_LINKS = frozenset({"MARRIED", "CIVIL_PARTNERS", "AGREED_TO_MARRY", "CIVIL_PARTNERSHIP_AGREEMENT",
                             "INTIMATE_RELATIONSHIP", "COHABITING"})
DIRECTED_LINKS = frozenset({"PARENT_OF", "PARENTAL_RESPONSIBILITY_FOR", "RELATIVE_OF"})
LINK_TYPES = SYMMETRIC_LINKS | DIRECTED_LINKS
