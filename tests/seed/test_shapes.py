"""Domain shape of generated data: family trees, homes, personal connection, dates, MARAC, cases."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from seed.generator import AS_OF
from tests.seed.helpers import SMALL_COUNTY, Doc, day, homes, run

PARTNER = {"MARRIED", "CIVIL_PARTNERS", "AGREED_TO_MARRY", "CIVIL_PARTNERSHIP_AGREEMENT", "INTIMATE_RELATIONSHIP",
           "COHABITING"}
# Fields that may lie after as_of: future meetings, action due dates, pending nominations, an order's expiry
FUTURE_OK = {("marac_meetings", "date"), ("marac_actions", "due"), ("nominations", "date"), ("court_orders", "end")}


def _docs() -> list[Doc]:
    return [run("demo").document, run("county", 1, SMALL_COUNTY).document]


def _parents(doc: Doc) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for link in doc["links"]:
        if link["type"] == "PARENT_OF":
            parents[link["b"]].add(link["a"])
    return parents


def test_no_dates_after_as_of_except_where_allowed() -> None:
    """Births, links, tenancies, incidents, assessments, referrals, consents, listings: never after as_of."""
    for doc in _docs():
        late: Counter[tuple[str, str]] = Counter()
        for section, records in doc.items():
            if not isinstance(records, list):
                continue
            for record in records:
                for name in ("date_of_birth", "start", "end", "opened", "date", "referred", "due"):
                    value = record.get(name)
                    if isinstance(value, str) and day(value) > AS_OF and (section, name) not in FUTURE_OK:
                        late[(section, name)] += 1
        assert not late
        assert all((day(m["date"]) - AS_OF).days <= 14 for m in doc["marac_meetings"])


def test_family_trees_have_every_shape() -> None:
    """Birth and adoptive parents, half and step families, ended unions, kin records, 3-4 generations."""
    doc = run("county", 1, SMALL_COUNTY).document
    links = doc["links"]
    types = Counter(link["type"] for link in links)
    assert all(types[t] > 0 for t in PARTNER | {"PARENT_OF", "PARENTAL_RESPONSIBILITY_FOR", "RELATIVE_OF"})
    assert any(link.get("kind") == "adoptive" for link in links)
    for kind in ("MARRIED", "COHABITING", "AGREED_TO_MARRY", "INTIMATE_RELATIONSHIP"):
        assert any(link["type"] == kind and link.get("end") for link in links), kind
    short = [link for link in links if link["type"] == "INTIMATE_RELATIONSHIP" and link.get("end")
             and (day(link["end"]) - day(link["start"])).days < 450]
    assert len(short) > 50
    relations = {link["relation"] for link in links if link["type"] == "RELATIVE_OF"}
    assert {"uncle_or_aunt", "first_cousin", "sibling_in_law"} <= relations
    parents = _parents(doc)
    children: dict[str, set[str]] = defaultdict(set)
    for child, ps in parents.items():
        for parent in ps:
            children[parent].add(child)
    half = sum(1 for child, ps in parents.items() for parent in ps for sib in children[parent]
               if sib != child and len(parents[sib] & ps) == 1)
    assert half > 20
    kids = {parent: sorted(found) for parent, found in children.items()}
    four = [(p, c, g) for p in kids for c in kids[p] for g in kids.get(c, []) if kids.get(g)]
    assert four  # great-grandparent -> grandparent -> parent -> child
    pr_holders = [link for link in links if link["type"] == "PARENTAL_RESPONSIBILITY_FOR"]
    assert any(link["a"] not in parents[link["b"]] for link in pr_holders)


def test_parents_are_18_to_45_years_older() -> None:
    """Every birth parent is 18-45 years older than the child."""
    doc = run("county", 1, SMALL_COUNTY).document
    born = {p["id"]: day(p["date_of_birth"]) for p in doc["people"]}
    for link in doc["links"]:
        if link["type"] == "PARENT_OF" and link.get("kind") == "birth":
            assert 18 <= (born[link["b"]] - born[link["a"]]).days / 365.25 <= 45.5


def test_homes() -> None:
    """At most one current home a person; no overlapping tenancies; most adults have a home."""
    doc = run("county", 1, SMALL_COUNTY).document
    spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for tenancy in doc["tenancies"]:
        end = day(tenancy["end"]) if tenancy["end"] else date.max
        spans[tenancy["person"]].append((day(tenancy["start"]), end))
    for person, items in spans.items():
        items.sort()
        assert sum(end == date.max for _, end in items) <= 1, person
        assert all(later[0] >= earlier[1] for earlier, later in zip(items, items[1:], strict=False)), person
    home = homes(doc)
    adults = [p["id"] for p in doc["people"] if (AS_OF - day(p["date_of_birth"])).days >= 18 * 365]
    assert sum(p in home for p in adults) / len(adults) >= 0.95
    assert any("building" in p for p in doc["properties"])
    landlords = {a["id"] for a in doc["agencies"] if a["kind"] == "housing_provider"}
    assert all(p["landlord"] in landlords for p in doc["properties"] if "landlord" in p)


def _connected(doc: Doc) -> tuple[int, list[str]]:
    parents = _parents(doc)
    partners: dict[frozenset[str], list[str | None]] = defaultdict(list)
    relatives: set[frozenset[str]] = set()
    for link in doc["links"]:
        pair = frozenset((link["a"], link["b"]))
        if link["type"] in PARTNER:
            partners[pair].append(link.get("start"))
        elif link["type"] == "RELATIVE_OF":
            relatives.add(pair)
    first: dict[str, str] = {}
    for incident in sorted(doc["incidents"], key=lambda i: i["date"]):
        first.setdefault(incident["case"], incident["date"])
    bad = []
    for case in doc["cases"]:
        v, p = case["victims"][0], case["perpetrators"][0]
        pair = frozenset((v, p))
        ok = (any(s is None or s <= first[case["id"]] for s in partners.get(pair, []))
              or pair in relatives or v in parents[p] or p in parents[v] or bool(parents[v] & parents[p])
              or any(v in parents[x] for x in parents[p]) or any(p in parents[x] for x in parents[v]))
        if not ok:
            bad.append(case["id"])
    return len(doc["cases"]), bad


def test_victims_and_perpetrators_are_personally_connected() -> None:
    """Every case's pair is partners (from before the first incident), parent/child, siblings, grand- or kin."""
    for doc in _docs():
        total, bad = _connected(doc)
        assert total > 0 and bad == []


def test_cases_are_domestic_abuse_shaped() -> None:
    """16+ at every incident, by a perpetrator towards a victim, s.1(3) behaviours, ~6.5% male victims."""
    doc = run("county", 1, SMALL_COUNTY).document
    born = {p["id"]: day(p["date_of_birth"]) for p in doc["people"]}
    sex = {p["id"]: p["sex"] for p in doc["people"]}
    cases = {c["id"]: c for c in doc["cases"]}
    for incident in doc["incidents"]:
        case = cases[incident["case"]]
        assert incident["by"] in case["perpetrators"] and incident["towards"] in case["victims"]
        for person in (incident["by"], incident["towards"]):
            assert (day(incident["date"]) - born[person]).days >= 16 * 365.25 - 1
        assert incident["behaviours"]
    for case in doc["cases"]:
        for child in case["children"]:
            assert born[child] <= day(case["opened"]) and (day(case["opened"]) - born[child]).days < 18 * 366
    victims = [v for c in doc["cases"] for v in c["victims"]]
    assert 0.04 <= sum(sex[v] == "male" for v in victims) / len(victims) <= 0.1
    counters = [c for c in doc["cases"] if c["counter_allegation"]]
    pairs = {(c["victims"][0], c["perpetrators"][0]) for c in doc["cases"] if not c["counter_allegation"]}
    assert counters and all((c["perpetrators"][0], c["victims"][0]) in pairs for c in counters)
    behaviours = {b for i in doc["incidents"] for b in i["behaviours"]}
    assert len(behaviours) == 5
    repeat_victims = Counter(victims)
    assert sum(n >= 2 for n in repeat_victims.values()) > 10
    orders = doc["court_orders"]
    assert any("exclusion_property" in o for o in orders) and any(len(o["protected"]) > 1 for o in orders)
    assert {r["basis"] for r in doc["referrals"]} >= {"consent", "child_protection", "high_risk_safeguarding"}
    assert {c["status"] for c in doc["consents"]} == {"given", "refused", "withdrawn"}


def test_marac_meetings_and_actions() -> None:
    """County MARACs meet fortnightly in 3 areas; chairs are MARAC chairs; some actions are overdue."""
    doc = run("county", 1, SMALL_COUNTY).document
    by_area: dict[str, list[date]] = defaultdict(list)
    for meeting in doc["marac_meetings"]:
        by_area[meeting["area"]].append(day(meeting["date"]))
    assert len(by_area) == 3
    for dates in by_area.values():
        dates.sort()
        assert {(b - a).days for a, b in zip(dates, dates[1:], strict=False)} == {14}
        assert (AS_OF - dates[0]).days > 365
    roles = {u["id"]: u["roles"] for u in doc["users"]}
    assert all("marac_chair" in roles[m["chair"]] for m in doc["marac_meetings"])
    meetings = {m["id"]: m for m in doc["marac_meetings"]}
    for listed in doc["marac_cases"]:
        if "meeting" in listed:
            assert day(listed["referred"]) < day(meetings[listed["meeting"]]["date"])
    statuses = Counter(a["status"] for a in doc["marac_actions"])
    assert set(statuses) == {"open", "done", "cancelled"}
    assert any(a["status"] == "open" and day(a["due"]) < AS_OF for a in doc["marac_actions"])
