"""Many threads at once against the real Neo4j (issue #10 item 6): transitions, screenings, loads and reads.

The run is bench/load_mix.py's, smaller; its checks (bench/load_mix_check.py) compare every call's answer with
the graph. The test asserts correctness only; docs/reliability.md has the throughput of the larger bench run.
"""

from __future__ import annotations

from typing import Any

from bench.load_mix import Plan, Run, prepare, run
from bench.load_mix_check import check
from bench.load_mix_world import case_id, nomination_id
from graph_model import db

PLAN = Plan(threads=8, ops=25, cases=16, nominations=6, contended=3, seed=7)


def test_many_threads_lose_duplicate_and_half_write_nothing(admin: Any) -> None:
    prepare(admin, PLAN)
    result = run(PLAN)
    problems, checked = check(result)
    assert problems == []
    figures = result.figures()
    # The run really raced: shared objects saw rival fires (one winner each), and every kind of operation ran.
    assert checked["contended fire groups"] > 0 and figures["fire"]["conflicts"] > 0
    assert figures["fire"]["ok"] > 0 and figures["screen"]["ok"] > 0 and figures["read"]["ok"] > 0
    outcomes = {a.outcome for a in result.attempts if a.kind == "load"}
    assert outcomes == {"ok", "ImportValidationError"}
    _tampering_is_found(result)


def _tampering_is_found(result: Run) -> None:
    """The checks can fail: a lost entry, a half-applied move, a stray screening and half a load are each found."""
    fired = next(a for a in result.attempts if a.kind == "fire" and a.outcome == "ok")
    failed = next(a for a in result.attempts if a.kind == "load" and a.outcome != "ok")
    other = case_id(PLAN.cases - 1) if fired.target != case_id(PLAN.cases - 1) else case_id(PLAN.cases - 2)
    db.write(lambda tx: tx.run("MATCH (h:HistoryEntry {id: $id}) DETACH DELETE h", id=fired.entries[-1]).consume())
    db.write(lambda tx: tx.run("MATCH (s:WorkflowStatus {object_id: $id, workflow: 'da_case'}) SET s.state = 'closed'",
                               id=other).consume())
    db.write(lambda tx: tx.run("MATCH (n:Nomination {id: $id}) CREATE (:Screening {id: 'stray'})-[:SCREENS]->(n)",
                               id=nomination_id(0)).consume())
    db.write(lambda tx: tx.run("CREATE (:Person {id: $id, synthetic: true})", id=f"LML{failed.target}-A").consume())
    problems, _ = check(result)
    for found in (f"case:{fired.target}: entries lost", f"case:{other}: state 'closed'",
                  f"nomination {nomination_id(0)}:", f"load {failed.target} (ImportValidationError): 1 of"):
        assert any(p.startswith(found) for p in problems), (found, problems)
