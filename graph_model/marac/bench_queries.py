"""What the MARAC benchmark needs to find: the meeting listing closest to 16 cases, and its chair."""

from __future__ import annotations

from typing import LiteralString

from graph_model import db

MEETING: LiteralString = (
    "MATCH (m:MaracMeeting)-[:CHAIRED_BY]->(u:User) WITH m, u, COUNT { (m)<-[:LISTED_AT]-(:MaracCase) } AS n "
    "WHERE n > 0 RETURN m.id AS meeting, u.username AS chair, n ORDER BY abs(n - 16), n DESC, m.id LIMIT 1")


def meeting_near_16() -> tuple[str, str, int] | None:
    """Return (meeting, chair's username, cases listed) for the meeting nearest 16 cases, or None."""
    found = db.read(lambda tx: db.rows(tx, MEETING))
    return (found[0]["meeting"], found[0]["chair"], found[0]["n"]) if found else None
