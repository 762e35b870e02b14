"""The loader's and exporter's Cypher, literal per label and type (labels cannot be parameters)."""

from __future__ import annotations

from typing import LiteralString

# Merge each record by id and replace its properties (null values remove a property).
MERGE_NODES: dict[str, LiteralString] = {
    "people": "UNWIND $rows AS row MERGE (n:Person {id: row.id}) SET n += row.props",
    "agencies": "UNWIND $rows AS row MERGE (n:Agency {id: row.id}) SET n += row.props",
    "users": "UNWIND $rows AS row MERGE (n:User {id: row.id}) SET n += row.props",
    "properties": "UNWIND $rows AS row MERGE (n:Property {id: row.id}) SET n += row.props",
    "tenancies": "UNWIND $rows AS row MERGE (n:Tenancy {id: row.id}) SET n += row.props",
    "cases": "UNWIND $rows AS row MERGE (n:Case {id: row.id}) SET n += row.props",
    "incidents": "UNWIND $rows AS row MERGE (n:Incident {id: row.id}) SET n += row.props",
    "risk_assessments": "UNWIND $rows AS row MERGE (n:RiskAssessment {id: row.id}) SET n += row.props",
    "referrals": "UNWIND $rows AS row MERGE (n:Referral {id: row.id}) SET n += row.props",
    "consents": "UNWIND $rows AS row MERGE (n:Consent {id: row.id}) SET n += row.props",
    "marac_meetings": "UNWIND $rows AS row MERGE (n:MaracMeeting {id: row.id}) SET n += row.props",
    "marac_cases": "UNWIND $rows AS row MERGE (n:MaracCase {id: row.id}) SET n += row.props",
    "marac_actions": "UNWIND $rows AS row MERGE (n:MaracAction {id: row.id}) SET n += row.props",
    "nominations": "UNWIND $rows AS row MERGE (n:Nomination {id: row.id}) SET n += row.props",
    "court_orders": "UNWIND $rows AS row MERGE (n:CourtOrder {id: row.id}) SET n += row.props",
}

# Drop the links a record owns, so a reload replaces them rather than adding to them.
DROP_OWNED: dict[str, LiteralString] = {
    "users": "UNWIND $ids AS id MATCH (:User {id: id})-[r:MEMBER_OF]->() DELETE r",
    "properties": "UNWIND $ids AS id MATCH (:Property {id: id})-[r:LET_BY]->() DELETE r",
    "tenancies": "UNWIND $ids AS id MATCH (:Tenancy {id: id})-[r:TENANT|OF_PROPERTY]->() DELETE r",
    "cases": "UNWIND $ids AS id MATCH (:Case {id: id})<-[r:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]-() DELETE r",
    "incidents": "UNWIND $ids AS id MATCH (:Incident {id: id})-[r:IN_CASE|BY|TOWARDS]->() DELETE r",
    "risk_assessments":
        "UNWIND $ids AS id MATCH (:RiskAssessment {id: id})-[r:ASSESSES|ASSESSED_BY]->() DELETE r",
    "referrals": "UNWIND $ids AS id MATCH (:Referral {id: id})-[r:REFERS|FROM_AGENCY|TO_AGENCY]->() DELETE r",
    "consents": "UNWIND $ids AS id MATCH (:Consent {id: id})-[r:CONSENT_OF|RECORDED_BY]->() DELETE r",
    "marac_meetings": "UNWIND $ids AS id MATCH (:MaracMeeting {id: id})-[r:CHAIRED_BY|ATTENDED_BY]->() DELETE r",
    "marac_cases":
        "UNWIND $ids AS id MATCH (:MaracCase {id: id})-[r:MARAC_FOR|LISTED_AT|REFERRED_BY]->() DELETE r",
    "marac_actions": "UNWIND $ids AS id MATCH (:MaracAction {id: id})-[r:ACTION_FOR|OWNED_BY]->() DELETE r",
    "nominations":
        "UNWIND $ids AS id MATCH (:Nomination {id: id})-[r:APPLICANT|FOR_PROPERTY|NOMINATED_BY]->() DELETE r",
    "court_orders":
        "UNWIND $ids AS id MATCH (:CourtOrder {id: id})-[r:RESPONDENT|PROTECTS|EXCLUSION_AROUND]->() DELETE r",
}

# (section, field) -> query creating the link from each row's record (row.s) to its target (row.t).
OWNED_LINKS: dict[tuple[str, str], LiteralString] = {
    ("users", "agency"):
        "UNWIND $rows AS row MATCH (s:User {id: row.s}), (t:Agency {id: row.t}) CREATE (s)-[:MEMBER_OF]->(t)",
    ("properties", "landlord"):
        "UNWIND $rows AS row MATCH (s:Property {id: row.s}), (t:Agency {id: row.t}) CREATE (s)-[:LET_BY]->(t)",
    ("tenancies", "person"):
        "UNWIND $rows AS row MATCH (s:Tenancy {id: row.s}), (t:Person {id: row.t}) CREATE (s)-[:TENANT]->(t)",
    ("tenancies", "property"): "UNWIND $rows AS row MATCH (s:Tenancy {id: row.s}), (t:Property {id: row.t}) "
                               "CREATE (s)-[:OF_PROPERTY]->(t)",
    ("cases", "victims"):
        "UNWIND $rows AS row MATCH (s:Case {id: row.s}), (t:Person {id: row.t}) CREATE (t)-[:VICTIM_IN]->(s)",
    ("cases", "perpetrators"): "UNWIND $rows AS row MATCH (s:Case {id: row.s}), (t:Person {id: row.t}) "
                               "CREATE (t)-[:PERPETRATOR_IN]->(s)",
    ("cases", "children"):
        "UNWIND $rows AS row MATCH (s:Case {id: row.s}), (t:Person {id: row.t}) CREATE (t)-[:CHILD_IN]->(s)",
    ("incidents", "case"):
        "UNWIND $rows AS row MATCH (s:Incident {id: row.s}), (t:Case {id: row.t}) CREATE (s)-[:IN_CASE]->(t)",
    ("incidents", "by"):
        "UNWIND $rows AS row MATCH (s:Incident {id: row.s}), (t:Person {id: row.t}) CREATE (s)-[:BY]->(t)",
    ("incidents", "towards"):
        "UNWIND $rows AS row MATCH (s:Incident {id: row.s}), (t:Person {id: row.t}) CREATE (s)-[:TOWARDS]->(t)",
    ("risk_assessments", "case"): "UNWIND $rows AS row MATCH (s:RiskAssessment {id: row.s}), "
                                  "(t:Case {id: row.t}) CREATE (s)-[:ASSESSES]->(t)",
    ("risk_assessments", "assessor"): "UNWIND $rows AS row MATCH (s:RiskAssessment {id: row.s}), "
                                      "(t:User {id: row.t}) CREATE (s)-[:ASSESSED_BY]->(t)",
    ("referrals", "case"):
        "UNWIND $rows AS row MATCH (s:Referral {id: row.s}), (t:Case {id: row.t}) CREATE (s)-[:REFERS]->(t)",
    ("referrals", "from_agency"): "UNWIND $rows AS row MATCH (s:Referral {id: row.s}), (t:Agency {id: row.t}) "
                                  "CREATE (s)-[:FROM_AGENCY]->(t)",
    ("referrals", "to_agency"): "UNWIND $rows AS row MATCH (s:Referral {id: row.s}), (t:Agency {id: row.t}) "
                                "CREATE (s)-[:TO_AGENCY]->(t)",
    ("consents", "person"): "UNWIND $rows AS row MATCH (s:Consent {id: row.s}), (t:Person {id: row.t}) "
                            "CREATE (s)-[:CONSENT_OF]->(t)",
    ("consents", "recorded_by"): "UNWIND $rows AS row MATCH (s:Consent {id: row.s}), (t:User {id: row.t}) "
                                 "CREATE (s)-[:RECORDED_BY]->(t)",
    ("marac_meetings", "chair"): "UNWIND $rows AS row MATCH (s:MaracMeeting {id: row.s}), (t:User {id: row.t}) "
                                 "CREATE (s)-[:CHAIRED_BY]->(t)",
    ("marac_meetings", "agencies_attending"): "UNWIND $rows AS row MATCH (s:MaracMeeting {id: row.s}), "
                                              "(t:Agency {id: row.t}) CREATE (s)-[:ATTENDED_BY]->(t)",
    ("marac_cases", "case"): "UNWIND $rows AS row MATCH (s:MaracCase {id: row.s}), (t:Case {id: row.t}) "
                             "CREATE (s)-[:MARAC_FOR]->(t)",
    ("marac_cases", "meeting"): "UNWIND $rows AS row MATCH (s:MaracCase {id: row.s}), "
                                "(t:MaracMeeting {id: row.t}) CREATE (s)-[:LISTED_AT]->(t)",
    ("marac_cases", "referring_agency"): "UNWIND $rows AS row MATCH (s:MaracCase {id: row.s}), "
                                         "(t:Agency {id: row.t}) CREATE (s)-[:REFERRED_BY]->(t)",
    ("marac_actions", "marac_case"): "UNWIND $rows AS row MATCH (s:MaracAction {id: row.s}), "
                                     "(t:MaracCase {id: row.t}) CREATE (s)-[:ACTION_FOR]->(t)",
    ("marac_actions", "owner_agency"): "UNWIND $rows AS row MATCH (s:MaracAction {id: row.s}), "
                                       "(t:Agency {id: row.t}) CREATE (s)-[:OWNED_BY]->(t)",
    ("nominations", "applicant"): "UNWIND $rows AS row MATCH (s:Nomination {id: row.s}), "
                                  "(t:Person {id: row.t}) CREATE (s)-[:APPLICANT]->(t)",
    ("nominations", "property"): "UNWIND $rows AS row MATCH (s:Nomination {id: row.s}), "
                                 "(t:Property {id: row.t}) CREATE (s)-[:FOR_PROPERTY]->(t)",
    ("nominations", "nominated_by"): "UNWIND $rows AS row MATCH (s:Nomination {id: row.s}), "
                                     "(t:Agency {id: row.t}) CREATE (s)-[:NOMINATED_BY]->(t)",
    ("court_orders", "respondent"): "UNWIND $rows AS row MATCH (s:CourtOrder {id: row.s}), "
                                    "(t:Person {id: row.t}) CREATE (s)-[:RESPONDENT]->(t)",
    ("court_orders", "protected"): "UNWIND $rows AS row MATCH (s:CourtOrder {id: row.s}), "
                                   "(t:Person {id: row.t}) CREATE (s)-[:PROTECTS]->(t)",
    ("court_orders", "exclusion_property"): "UNWIND $rows AS row MATCH (s:CourtOrder {id: row.s}), "
                                            "(t:Property {id: row.t}) CREATE (s)-[:EXCLUSION_AROUND]->(t)",
}

# Person-to-person links, merged by their key (type, pair, start); undirected match for symmetric types.
MERGE_PERSON_LINKS: dict[str, LiteralString] = {
    "MARRIED": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
               "MERGE (a)-[r:MARRIED {key: row.key}]-(b) SET r += row.props",
    "CIVIL_PARTNERS": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                      "MERGE (a)-[r:CIVIL_PARTNERS {key: row.key}]-(b) SET r += row.props",
    "AGREED_TO_MARRY": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                       "MERGE (a)-[r:AGREED_TO_MARRY {key: row.key}]-(b) SET r += row.props",
    "CIVIL_PARTNERSHIP_AGREEMENT": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                                   "MERGE (a)-[r:CIVIL_PARTNERSHIP_AGREEMENT {key: row.key}]-(b) SET r += row.props",
    "INTIMATE_RELATIONSHIP": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                             "MERGE (a)-[r:INTIMATE_RELATIONSHIP {key: row.key}]-(b) SET r += row.props",
    "COHABITING": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                  "MERGE (a)-[r:COHABITING {key: row.key}]-(b) SET r += row.props",
    "PARENT_OF": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                 "MERGE (a)-[r:PARENT_OF {key: row.key}]->(b) SET r += row.props",
    "PARENTAL_RESPONSIBILITY_FOR": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                                   "MERGE (a)-[r:PARENTAL_RESPONSIBILITY_FOR {key: row.key}]->(b) SET r += row.props",
    "RELATIVE_OF": "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                   "MERGE (a)-[r:RELATIVE_OF {key: row.key}]->(b) SET r += row.props",
}

# Which ids the database already holds, for references outside a file; `born` carries people's birth
# dates and meetings' dates for the date rules.
EXISTING_IDS: dict[str, LiteralString] = {
    "people": "UNWIND $ids AS id MATCH (n:Person {id: id}) RETURN n.id AS id, n.date_of_birth AS born",
    "agencies": "UNWIND $ids AS id MATCH (n:Agency {id: id}) RETURN n.id AS id, null AS born",
    "users": "UNWIND $ids AS id MATCH (n:User {id: id}) RETURN n.id AS id, null AS born",
    "properties": "UNWIND $ids AS id MATCH (n:Property {id: id}) RETURN n.id AS id, null AS born",
    "cases": "UNWIND $ids AS id MATCH (n:Case {id: id}) RETURN n.id AS id, null AS born",
    "marac_meetings": "UNWIND $ids AS id MATCH (n:MaracMeeting {id: id}) RETURN n.id AS id, n.date AS born",
    "marac_cases": "UNWIND $ids AS id MATCH (n:MaracCase {id: id}) RETURN n.id AS id, null AS born",
}
USERNAMES: LiteralString = "UNWIND $names AS name MATCH (u:User {username: name}) RETURN u.username AS name, u.id AS id"

# Export: each record's stored properties and the ids its owned links point to.
EXPORT: dict[str, LiteralString] = {
    "people": "MATCH (n:Person) RETURN n {.*} AS n ORDER BY n.id",
    "agencies": "MATCH (n:Agency) RETURN n {.*} AS n ORDER BY n.id",
    "users": "MATCH (n:User) WHERE NOT coalesce(n.builtin, false) "
             "RETURN n {.*, agency: [(n)-[:MEMBER_OF]->(t) | t.id][0]} AS n ORDER BY n.id",
    "properties": "MATCH (n:Property) RETURN n {.*, landlord: [(n)-[:LET_BY]->(t) | t.id][0]} AS n ORDER BY n.id",
    "tenancies": "MATCH (n:Tenancy) RETURN n {.*, person: [(n)-[:TENANT]->(t) | t.id][0], "
                 "property: [(n)-[:OF_PROPERTY]->(t) | t.id][0]} AS n ORDER BY n.id",
    "cases": "MATCH (n:Case) RETURN n {.*, victims: [(t)-[:VICTIM_IN]->(n) | t.id], "
             "perpetrators: [(t)-[:PERPETRATOR_IN]->(n) | t.id], children: [(t)-[:CHILD_IN]->(n) | t.id]} AS n "
             "ORDER BY n.id",
    "incidents": "MATCH (n:Incident) RETURN n {.*, case: [(n)-[:IN_CASE]->(t) | t.id][0], "
                 "by: [(n)-[:BY]->(t) | t.id][0], towards: [(n)-[:TOWARDS]->(t) | t.id][0]} AS n ORDER BY n.id",
    "risk_assessments": "MATCH (n:RiskAssessment) RETURN n {.*, case: [(n)-[:ASSESSES]->(t) | t.id][0], "
                        "assessor: [(n)-[:ASSESSED_BY]->(t) | t.id][0]} AS n ORDER BY n.id",
    "referrals": "MATCH (n:Referral) RETURN n {.*, case: [(n)-[:REFERS]->(t) | t.id][0], "
                 "from_agency: [(n)-[:FROM_AGENCY]->(t) | t.id][0], to_agency: [(n)-[:TO_AGENCY]->(t) | t.id][0]} "
                 "AS n ORDER BY n.id",
    "consents": "MATCH (n:Consent) RETURN n {.*, person: [(n)-[:CONSENT_OF]->(t) | t.id][0], "
                "recorded_by: [(n)-[:RECORDED_BY]->(t) | t.id][0]} AS n ORDER BY n.id",
    "marac_meetings": "MATCH (n:MaracMeeting) RETURN n {.*, chair: [(n)-[:CHAIRED_BY]->(t) | t.id][0], "
                      "agencies_attending: [(n)-[:ATTENDED_BY]->(t) | t.id]} AS n ORDER BY n.id",
    "marac_cases": "MATCH (n:MaracCase) RETURN n {.*, case: [(n)-[:MARAC_FOR]->(t) | t.id][0], "
                   "meeting: [(n)-[:LISTED_AT]->(t) | t.id][0], "
                   "referring_agency: [(n)-[:REFERRED_BY]->(t) | t.id][0]} AS n ORDER BY n.id",
    "marac_actions": "MATCH (n:MaracAction) RETURN n {.*, marac_case: [(n)-[:ACTION_FOR]->(t) | t.id][0], "
                     "owner_agency: [(n)-[:OWNED_BY]->(t) | t.id][0]} AS n ORDER BY n.id",
    "nominations": "MATCH (n:Nomination) RETURN n {.*, applicant: [(n)-[:APPLICANT]->(t) | t.id][0], "
                   "property: [(n)-[:FOR_PROPERTY]->(t) | t.id][0], "
                   "nominated_by: [(n)-[:NOMINATED_BY]->(t) | t.id][0]} AS n ORDER BY n.id",
    "court_orders": "MATCH (n:CourtOrder) RETURN n {.*, respondent: [(n)-[:RESPONDENT]->(t) | t.id][0], "
                    "protected: [(n)-[:PROTECTS]->(t) | t.id], "
                    "exclusion_property: [(n)-[:EXCLUSION_AROUND]->(t) | t.id][0]} AS n ORDER BY n.id",
}
EXPORT_LINKS: LiteralString = (
    "MATCH (a:Person)-[r:MARRIED|CIVIL_PARTNERS|AGREED_TO_MARRY|CIVIL_PARTNERSHIP_AGREEMENT|"
    "INTIMATE_RELATIONSHIP|COHABITING|PARENT_OF|PARENTAL_RESPONSIBILITY_FOR|RELATIVE_OF]->(b:Person) "
    "RETURN type(r) AS type, a.id AS a, b.id AS b, r.start AS start, r.end AS end, r.kind AS kind, "
    "r.relation AS relation ORDER BY type, a, b, coalesce(toString(r.start), '')"
)
# Before users are written: drop their usernames, so a swap or hand-over in one file never collides midway
# (uniqueness is checked on every write, not at commit). The same transaction then sets them all again.
CLEAR_USERNAMES: LiteralString = "UNWIND $ids AS id MATCH (u:User {id: id}) REMOVE u.username"
