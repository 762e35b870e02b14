"""The access matrix's world: two areas, an agency of each kind in both, a user of every role in both, and case
bundles (a case with a victim, a child and a perpetrator, the victim's home, a nomination, a referral, a MARAC
meeting, listing and action), one to read and one fresh bundle for each write that moves or creates something.
A bundle carries extras only where its rows need them: a social tenancy held jointly with the perpetrator, a court
order and homes to offer (`housing`), consent to equality monitoring (`equality`), a counter-allegation (`counter`).

Every marker a leak check searches for is distinctive (`Zq...` names, `PVX...Q` ids, `Hidden Row`), so a hit in a
serialised answer is a leak, never a coincidence.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from graph_model import vocabulary

NORTH, SOUTH = "Northshire", "Southshire"
MAIN = "0"  # the bundle every read uses
SCREENED = "1"  # its nomination is screened (in conflict) when the world is loaded
OPTIONS = "2"  # the reads of housing options and the perpetrator side (set up when the world is loaded)
FIRST_FRESH = 3  # bundles from here on are fresh, one per write and user
EXTRAS = frozenset({"nomination", "housing", "equality", "counter"})

# (kind, id in the north, id in the south); the north agencies are the case's parties, the south ones are not.
AGENCY_KINDS = {"police": ("AP", "SP"), "idva_service": ("AI", "SI"), "housing_provider": ("AH", "SH"),
                "local_authority_housing": ("AO", "SO")}
# Which agency a user of each role works for (the same kind in both areas).
ROLE_AGENCY = {"lettings_officer": "housing_provider", "housing_options_officer": "local_authority_housing",
               "idva": "idva_service", "da_lead": "local_authority_housing", "marac_chair": "police",
               "marac_coordinator": "police", "police_officer": "police", "analyst": "idva_service",
               "admin": "local_authority_housing"}
assert set(ROLE_AGENCY) == vocabulary.ROLES, "a role was added: give it an agency in tests/security/world.py"

# The agencies party to each object of a bundle, by how the bundle links them (see bundle() below), and the
# local roles an agency's users derive from it. These are the world's facts, written down by hand: the oracle
# (tests/security/oracle.py) reads them, the code under test derives them from the graph.
PARTY_TO_CASE = frozenset({"AP", "AI", "AO"})  # referral AO->AI, MARAC referral by AP, meeting attended by all three
AGENCY_ROLES: dict[str, dict[str, frozenset[str]]] = {
    "case": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    "support_plan": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    "target_hardening": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    "refuge_referral": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    "marac_meeting": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    "marac_case": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    "marac_action": {"AO": frozenset({"party", "owner"}), "AP": frozenset({"party"}), "AI": frozenset({"party"})},
    "perpetrator_record": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    "perpetrator_programme": {a: frozenset({"party"}) for a in PARTY_TO_CASE},
    # A housing option starts from a tenancy of the victim's home, let by AO (`landlord`); a reciprocal move goes
    # to the second landlord AH (`receiving`). Both make the agency party to the option, never to the case.
    "emergency_transfer": {**{a: frozenset({"party"}) for a in PARTY_TO_CASE}, "AO": frozenset({"party", "landlord"})},
    "tenancy_change": {**{a: frozenset({"party"}) for a in PARTY_TO_CASE}, "AO": frozenset({"party", "landlord"})},
    "perpetrator_rehousing": {**{a: frozenset({"party"}) for a in PARTY_TO_CASE},
                              "AO": frozenset({"party", "landlord"})},
    "reciprocal_move": {**{a: frozenset({"party"}) for a in PARTY_TO_CASE}, "AO": frozenset({"party", "landlord"}),
                        "AH": frozenset({"party", "receiving"})},
    "nomination": {"AH": frozenset({"party", "landlord"}), "AO": frozenset({"party", "nominator"})},
    "idva_referral": {"AO": frozenset({"party", "referrer"}), "AI": frozenset({"party", "receiving"})},
}
# The north MARAC chair chairs every bundle's meeting: `chair` on the meeting, the listing, its action and the case.
CHAIRED = frozenset({"case", "marac_meeting", "marac_case", "marac_action"})
CHAIR_USER = "marac_chair.in"


@dataclass(frozen=True)
class User:
    """A user of the world: role, agency, area, and whether the agency is the north (party) one."""

    id: str
    username: str
    role: str
    agency: str
    area: str
    inside: bool


def users() -> list[User]:
    """Return a user of every role in each area: `<role>.in` (north, party) and `<role>.out` (south, not party)."""
    found = []
    for role in sorted(vocabulary.ROLES):
        north, south = AGENCY_KINDS[ROLE_AGENCY[role]]
        found.append(User(f"U-{role}-in", f"{role}.in", role, north, NORTH, True))
        found.append(User(f"U-{role}-out", f"{role}.out", role, south, SOUTH, False))
    return found


@dataclass(frozen=True)
class Bundle:
    """The ids of one case bundle, and the strings that must not leak from it."""

    n: str

    def __getattr__(self, name: str) -> str:
        ids = {"victim": "PVX", "child": "PKX", "perpetrator": "PPX", "case": "CX", "home": "HVX", "flat": "HNX",
               "tenancy": "TVX", "consent": "KX", "referral": "FX", "dash": "RX", "incident": "IX", "meeting": "MX",
               "listing": "MCX", "action": "XAX", "nomination": "NX", "perpetrator_tenancy": "TPX", "order": "OX",
               "transfer_home": "HTX", "receiving_home": "HRX", "rehousing_home": "HPX", "equality_consent": "KEX",
               "former": "PFX", "former_home": "HFX", "former_tenancy": "TFX"}
        if name not in ids:
            raise AttributeError(name)
        return f"{ids[name]}{self.n}Q"

    @property
    def people(self) -> tuple[str, ...]:
        """Return the ids and names of the case's people (what a non-party must never see)."""
        return (self.victim, self.child, self.perpetrator, f"Zqvictim{self.n}", f"Zqchild{self.n}",
                f"Zqabuser{self.n}")

    @property
    def victim_details(self) -> tuple[str, ...]:
        """Return the victim's id, name, address, postcode and coordinates, to 6 and to 4 decimals (what a lettings
        officer never sees)."""
        lat, lon = self.home_point
        return (self.victim, f"Zqvictim{self.n}", f"{self.n} Hidden Row", f"ZV{self.n} 9HR", f"{lat:.6f}",
                f"{lat:.4f}", f"{lon:.6f}", f"{lon:.4f}")

    @property
    def home_point(self) -> tuple[float, float]:
        """Return the victim's home coordinates (distinct per bundle)."""
        k = int(self.n)
        return 52.213457 + k * 0.01, 0.617283 + k * 0.01


def bundle(b: Bundle, extras: Collection[str] = ("nomination",)) -> dict[str, list[dict[str, Any]]]:
    """Return the sections of one case bundle (all in the north; parties AP, AI, AO; landlord AH) with the extras
    its rows need (EXTRAS): the nomination only where a call screens (every pending nomination costs a screening
    in `screen_pending`)."""
    lat, lon = b.home_point
    due = (date.today() + timedelta(days=30)).isoformat()
    found: dict[str, list[dict[str, Any]]] = {
        "people": [
            {"id": b.victim, "given_name": "Vicky", "family_name": f"Zqvictim{b.n}", "date_of_birth": "1990-02-03",
             "sex": "female", "synthetic": True},
            {"id": b.child, "given_name": "Kit", "family_name": f"Zqchild{b.n}", "date_of_birth": "2018-04-05",
             "synthetic": True},
            {"id": b.perpetrator, "given_name": "Rex", "family_name": f"Zqabuser{b.n}", "date_of_birth": "1985-06-07",
             "sex": "male", "synthetic": True}],
        "links": [{"type": "MARRIED", "a": b.victim, "b": b.perpetrator, "start": "2012-01-01"},
                  {"type": "PARENT_OF", "a": b.victim, "b": b.child},
                  {"type": "PARENT_OF", "a": b.perpetrator, "b": b.child}],
        "properties": [
            {"id": b.home, "address": f"{b.n} Hidden Row", "postcode": f"ZV{b.n} 9HR", "latitude": lat,
             "longitude": lon, "area": NORTH},
            {"id": b.flat, "address": f"{b.n} Open Street", "postcode": "ZO1 1OS", "latitude": lat + 0.0003,
             "longitude": lon + 0.0004, "area": NORTH, "landlord": "AH"}],
        "tenancies": [{"id": b.tenancy, "person": b.victim, "property": b.home, "start": "2020-01-01"}],
        "cases": [{"id": b.case, "area": NORTH, "opened": "2026-10-01", "victims": [b.victim],
                   "perpetrators": [b.perpetrator], "children": [b.child]}],
        "incidents": [{"id": b.incident, "case": b.case, "date": "2026-10-03", "by": b.perpetrator,
                       "towards": b.victim, "behaviours": ["physical_or_sexual"], "police_callout": True}],
        "risk_assessments": [{"id": b.dash, "case": b.case, "date": "2026-10-04", "tool": "DASH",
                              "answers": {str(q): q <= 17 for q in range(1, 25)}}],
        "consents": [{"id": b.consent, "person": b.victim, "scope": "share_with_idva", "status": "given",
                      "date": "2026-10-04"}],
        "referrals": [{"id": b.referral, "case": b.case, "kind": "idva", "from_agency": "AO", "to_agency": "AI",
                       "date": "2026-10-05", "basis": "consent"}],
        "marac_meetings": [{"id": b.meeting, "area": NORTH, "date": "2026-11-19", "chair": "U-marac_chair-in",
                            "agencies_attending": ["AP", "AI", "AO"]}],
        "marac_cases": [{"id": b.listing, "case": b.case, "meeting": b.meeting, "criterion": "visible_high_risk",
                         "referred": "2026-10-10", "referring_agency": "AP"}],
        "marac_actions": [{"id": b.action, "marac_case": b.listing, "owner_agency": "AO",
                           "description": "Fit door and window locks at the victim's home", "due": due,
                           "status": "open"}],
    }
    if "nomination" in extras:
        found["nominations"] = [{"id": b.nomination, "applicant": b.perpetrator, "property": b.flat,
                                 "nominated_by": "AO", "date": "2026-11-01"}]
    if "housing" in extras:
        _housing(b, found)
    if "equality" in extras:
        found["consents"].append({"id": b.equality_consent, "person": b.victim, "scope": "equality_monitoring",
                                  "status": "given", "date": "2026-10-02"})
    if "counter" in extras:
        found["cases"][0]["counter_allegation"] = True
    return found


def offered_homes(b: Bundle) -> dict[str, tuple[float, float]]:
    """Return the homes a housing bundle offers, ~14 km from the family home (they screen clear), at coordinates
    the victim-detail pattern does not mistake for the victim's home."""
    lat, lon = b.home_point
    return {b.transfer_home: (lat + 0.0015, lon + 0.2003), b.receiving_home: (lat + 0.0025, lon + 0.2503),
            b.rehousing_home: (lat + 0.0035, lon - 0.2003)}


def _housing(b: Bundle, found: dict[str, list[dict[str, Any]]]) -> None:
    """Add the housing options' needs: the victim's home let by AO (a social tenancy) and held jointly with the
    perpetrator, an occupation order against him, and vacant homes of AO (transfer, his rehousing) and of the
    second landlord AH (a reciprocal move)."""
    found["properties"][0]["landlord"] = "AO"
    homes = offered_homes(b)
    landlords = {b.transfer_home: "AO", b.receiving_home: "AH", b.rehousing_home: "AO"}
    found["properties"] += [{"id": h, "address": f"{b.n} Far Lane", "latitude": lat, "longitude": lon, "area": NORTH,
                             "landlord": landlords[h]} for h, (lat, lon) in homes.items()]
    found["tenancies"].append({"id": b.perpetrator_tenancy, "person": b.perpetrator, "property": b.home,
                               "start": "2020-01-01"})
    found["court_orders"] = [{"id": b.order, "kind": "occupation", "respondent": b.perpetrator,
                              "protected": [b.victim], "start": "2026-10-15"}]


def former_tenant(b: Bundle) -> dict[str, list[dict[str, Any]]]:
    """Return a person due for erasure under the retention policy: in no case, their tenancy ended in 2019."""
    lat, lon = b.home_point
    return {"people": [{"id": b.former, "given_name": "Fay", "family_name": f"Zqformer{b.n}", "synthetic": True}],
            "properties": [{"id": b.former_home, "latitude": lat - 0.2003, "longitude": lon - 0.2503,
                            "area": NORTH}],
            "tenancies": [{"id": b.former_tenancy, "person": b.former, "property": b.former_home,
                           "start": "2010-01-01", "end": "2019-01-01"}]}


def document(bundles: int, extras: Mapping[str, Collection[str]]) -> dict[str, Any]:
    """Return the hearth/1 document: areas, agencies, users, bundles 0 (MAIN) to bundles-1 with their `extras`
    (MAIN and SCREENED with a nomination, OPTIONS with housing and equality), and a former tenant due for erasure."""
    doc: dict[str, Any] = {"format": "hearth/1", "agencies": [], "users": []}
    for kind, (north, south) in AGENCY_KINDS.items():
        doc["agencies"] += [{"id": north, "name": f"North {kind}", "kind": kind, "area": NORTH},
                            {"id": south, "name": f"South {kind}", "kind": kind, "area": SOUTH}]
    doc["users"] = [{"id": u.id, "username": u.username, "agency": u.agency, "roles": [u.role]} for u in users()]
    fixed = {MAIN: {"nomination"}, SCREENED: {"nomination"}, OPTIONS: {"housing", "equality"}}
    for k in range(bundles):
        n = str(k)
        for section, records in bundle(Bundle(n), set(extras.get(n, ())) | fixed.get(n, set())).items():
            doc.setdefault(section, []).extend(records)
    for section, records in former_tenant(Bundle(MAIN)).items():
        doc[section].extend(records)
    return doc
