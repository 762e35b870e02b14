"""After a mixed-load run: compare what every call said it did with what the graph holds.

Each check names what broke: a fire group (several fires from the same entry of one object) with other than one
winner, a history entry lost or written twice, a state that is not where the history leads (a half-applied
transition), a screening stored without its workflow move or the reverse, a load partly written or written
although it failed, and any error other than the expected conflicts and validation errors.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from bench.load_mix import Attempt, Run, actors
from bench.load_mix_world import DEST, LEAD, LETTINGS, case_id, nomination_id, small_load
from graph_model import consistency
from graph_model.interchange import export as exporter
from workflows import operations, service
from workflows.refs import ObjectRef

EXPECTED = {"fire": {"ok", "WorkflowConflict"}, "screen": {"ok", "WorkflowConflict"},
            "load": {"ok", "ImportValidationError"}, "read": {"ok"}}


def check(result: Run) -> tuple[list[str], dict[str, int]]:
    """Return every problem found (empty: nothing lost, duplicated or half-written) and what was checked."""
    problems: list[str] = []
    report = operations.verify_history(actors()["admin"])
    problems += report.problems
    problems += [f"{a.kind} {a.target}: unexpected {a.outcome}" for a in result.attempts
                 if a.outcome not in EXPECTED[a.kind] or (a.kind == "load" and a.valid != (a.outcome == "ok"))]
    groups = _fire_groups(result.attempts, problems)
    _check_cases(result, problems)
    screenings = _check_nominations(result, problems)
    loads = _check_loads(result.attempts, problems)
    return problems, {"history chains": report.statuses, "history entries": report.entries,
                      "contended fire groups": groups, "screenings": screenings, "loads": loads}


def _fire_groups(attempts: list[Attempt], problems: list[str]) -> int:
    """Fires from the same entry of the same object: exactly one must win. Return how many groups had rivals."""
    groups: dict[tuple[str, int | None], list[Attempt]] = defaultdict(list)
    for a in attempts:
        if a.kind == "fire":
            groups[(a.target, a.expected_seq)].append(a)
    for (target, seq), group in groups.items():
        wins = sum(a.outcome == "ok" for a in group)
        if wins != 1:
            problems.append(f"case {target} from entry {seq}: {wins} of {len(group)} fires won (expected one)")
    return sum(len(g) > 1 for g in groups.values())


def _check_cases(result: Run, problems: list[str]) -> None:
    """Each case's history holds its enrolment plus exactly the entries winning fires wrote; state agrees."""
    lead = actors()[LEAD]
    fires: dict[str, list[Attempt]] = defaultdict(list)
    for a in result.attempts:
        if a.kind == "fire" and a.outcome == "ok":
            fires[a.target].append(a)
    for n in range(result.plan.cases):
        ref = ObjectRef("case", case_id(n))
        stored = service.history(ref, lead, purpose="load test check")
        written = Counter(e for a in fires[ref.id] for e in a.entries)
        held = Counter(e["id"] for e in stored if e["transition"] != "enrol")
        if written != held:
            problems.append(f"{ref}: entries lost {sorted(written - held)}, not written by any fire "
                            f"{sorted(held - written)}")
        chain = sorted((e for e in stored if e["workflow"] == "da_case"), key=lambda e: e["seq"])
        [status] = [s for s in service.state(ref, lead, purpose="load test check") if s.workflow == "da_case"]
        won = sorted(fires[ref.id], key=lambda a: a.expected_seq or 0)
        expected = DEST[won[-1].transition or ""] if won else "disclosure"
        if (status.state, status.seq) != (chain[-1]["to_state"], chain[-1]["seq"]) or status.state != expected:
            problems.append(f"{ref}: state {status.state!r} at entry {status.seq}; history leads to "
                            f"{chain[-1]['to_state']!r} at {chain[-1]['seq']}; the winning fires to {expected!r}")


def _check_nominations(result: Run, problems: list[str]) -> int:
    """Each nomination holds exactly the screenings that succeeded, and two entries (screen, to_clear) for each."""
    who = actors()
    ok: dict[str, set[str]] = defaultdict(set)
    for a in result.attempts:
        if a.kind == "screen" and a.outcome == "ok" and a.screening:
            ok[a.target].add(a.screening)
    ids = [nomination_id(n) for n in range(result.plan.nominations)]
    stored = consistency.screenings_of(who["admin"], ids)
    for nomination in ids:
        entries = service.history(ObjectRef("nomination", nomination), who[LETTINGS], purpose="load test check")
        if stored.get(nomination, set()) != ok[nomination] or len(entries) != 1 + 2 * len(ok[nomination]):
            problems.append(f"nomination {nomination}: {len(ok[nomination])} screenings succeeded; "
                            f"{len(stored.get(nomination, set()))} stored, {len(entries)} history entries")
    return sum(len(s) for s in ok.values())


def _check_loads(attempts: list[Attempt], problems: list[str]) -> int:
    """A load that succeeded is all there; one that failed left nothing."""
    graph = exporter.export(actors()["admin"], purpose="load test check")
    held = {("people", r["id"]) for r in graph.get("people", [])} | {("cases", r["id"]) for r in graph.get("cases", [])}
    held |= {("links", f"{r['type']}:{r['a']}:{r['b']}") for r in graph.get("links", [])}
    loads = [a for a in attempts if a.kind == "load"]
    for a in loads:
        doc = small_load(a.target, a.valid)
        wanted = {(s, r["id"]) for s in ("people", "cases") for r in doc[s]}
        wanted |= {("links", f"{r['type']}:{r['a']}:{r['b']}") for r in doc["links"]}
        found = wanted & held
        if found != (wanted if a.outcome == "ok" else set()):
            problems.append(f"load {a.target} ({a.outcome}): {len(found)} of its {len(wanted)} records are in the "
                            "graph")
    return len(loads)
