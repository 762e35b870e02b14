"""Network metrics (graph_model.analytics.network) on a small hand-built world whose answers are worked by hand.

Cambridge, 2024: family A (Amy and Brian Stone married, their child Cara, Amy's mother Dora; Dora's brother
Evan is two hops out), family B (Fay and Gus Moss cohabiting, their child Hal), and Ivan Crane, perpetrator
against Jane Wood (C_S1) and Mia Holt (C_S2): Jane's mother Kate and Jane's and Ivan's son Liam; Mia's mother
Nina and sister Olga. Outside the selection: a Fenland case and a 2023 Cambridge case.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph_model import db, users
from graph_model.analytics import network
from graph_model.analytics.network_job import job_status, start_background, write_job
from graph_model.analytics.pseudonym import pseudonym
from graph_model.config import PROJECT_ROOT
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.interchange.load import load
from graph_model.users import Actor

NAMES = {"P_AMY": ("Amy", "Stone"), "P_BRIAN": ("Brian", "Stone"), "P_CARA": ("Cara", "Stone"),
         "P_DORA": ("Dora", "Fisher"), "P_EVAN": ("Evan", "Fisher"), "P_FAY": ("Fay", "Moss"),
         "P_GUS": ("Gus", "Moss"), "P_HAL": ("Hal", "Moss"), "P_IVAN": ("Ivan", "Crane"),
         "P_JANE": ("Jane", "Wood"), "P_KATE": ("Kate", "Wood"), "P_LIAM": ("Liam", "Wood"),
         "P_MIA": ("Mia", "Holt"), "P_NINA": ("Nina", "Holt"), "P_OLGA": ("Olga", "Holt"),
         "P_PAT": ("Pat", "Reed"), "P_QUINN": ("Quinn", "Reed"), "P_ROSE": ("Rose", "Lane"),
         "P_SAM": ("Sam", "Lane")}
FAMILY_A = {"P_AMY", "P_BRIAN", "P_CARA", "P_DORA"}
FAMILY_B = {"P_FAY", "P_GUS", "P_HAL"}
JANE_SIDE = {"P_IVAN", "P_JANE", "P_KATE", "P_LIAM"}
MIA_SIDE = {"P_MIA", "P_NINA", "P_OLGA"}
CAMBRIDGE_2024 = {"area": "Cambridge", "start": date(2024, 1, 1), "end": date(2024, 12, 31)}


def link(kind: str, a: str, b: str, **extra: str) -> dict[str, str]:
    return {"type": kind, "a": a, "b": b, **extra}


def case(cid: str, area: str, opened: str, victims: list[str], perpetrators: list[str],
         children: list[str] | None = None) -> dict[str, Any]:
    return {"id": cid, "area": area, "opened": opened, "victims": victims, "perpetrators": perpetrators,
            "children": children or []}


WORLD: dict[str, Any] = {
    "format": "hearth/1",
    "people": [{"id": pid, "given_name": given, "family_name": family, "synthetic": True}
               for pid, (given, family) in NAMES.items()],
    "links": [link("MARRIED", "P_AMY", "P_BRIAN"), link("PARENT_OF", "P_AMY", "P_CARA"),
              link("PARENT_OF", "P_BRIAN", "P_CARA"), link("PARENT_OF", "P_DORA", "P_AMY"),
              link("RELATIVE_OF", "P_DORA", "P_CARA", relation="grandparent"),
              link("RELATIVE_OF", "P_EVAN", "P_DORA", relation="sibling"),
              link("COHABITING", "P_FAY", "P_GUS"), link("PARENT_OF", "P_FAY", "P_HAL"),
              link("PARENT_OF", "P_GUS", "P_HAL"),
              link("PARENT_OF", "P_KATE", "P_JANE"), link("PARENT_OF", "P_JANE", "P_LIAM"),
              link("PARENT_OF", "P_IVAN", "P_LIAM"), link("RELATIVE_OF", "P_KATE", "P_LIAM", relation="grandparent"),
              link("INTIMATE_RELATIONSHIP", "P_IVAN", "P_MIA"), link("PARENT_OF", "P_NINA", "P_MIA"),
              link("PARENT_OF", "P_NINA", "P_OLGA"), link("RELATIVE_OF", "P_OLGA", "P_MIA", relation="sibling")],
    "users": [{"id": "U_AN", "username": "analyst7", "roles": ["analyst"]},
              {"id": "U_ID", "username": "idva7", "roles": ["idva"]},
              {"id": "U_LO", "username": "lettings7", "roles": ["lettings_officer"]},
              {"id": "U_DL", "username": "dalead7", "roles": ["da_lead"]}],
    "cases": [case("C_A", "Cambridge", "2024-01-05", ["P_AMY"], ["P_BRIAN"], ["P_CARA"]),
              case("C_B", "Cambridge", "2024-02-10", ["P_FAY"], ["P_GUS"], ["P_HAL"]),
              case("C_S1", "Cambridge", "2024-03-01", ["P_JANE"], ["P_IVAN"]),
              case("C_S2", "Cambridge", "2024-04-01", ["P_MIA"], ["P_IVAN"]),
              case("C_FEN", "Fenland", "2024-02-01", ["P_PAT"], ["P_QUINN"]),
              case("C_OLD", "Cambridge", "2023-06-01", ["P_ROSE"], ["P_SAM"])],
}


def ps(*ids: str) -> frozenset[str]:
    """The pseudonyms of these person ids."""
    return frozenset(pseudonym(i, "person") for i in ids)


@pytest.fixture()
def world(admin: Actor) -> Actor:
    """Load the world; return the admin."""
    load(admin, WORLD)
    return admin


def test_components_and_communities_of_the_known_graph(world: Actor) -> None:
    """Three components (7, 4, 3); Louvain splits the serial perpetrator's component at the bridge to Mia."""
    result = network.analyse(world, **CAMBRIDGE_2024)
    assert (result.nodes, result.edges) == (14, 17)  # 9 edges around Ivan, 5 in family A, 3 in family B
    assert (result.components, result.component_sizes, result.largest_component) == (3, (7, 4, 3), 7)
    assert set(result.members("component")) == {ps(*JANE_SIDE, *MIA_SIDE), ps(*FAMILY_A), ps(*FAMILY_B)}
    # Modularity (m = 9) of the split is 0.364 against 0 for the whole component; families A and B are
    # (nearly) cliques, where any split lowers modularity.
    assert set(result.members("community")) == {ps(*JANE_SIDE), ps(*MIA_SIDE), ps(*FAMILY_A), ps(*FAMILY_B)}
    assert result.community_sizes == (4, 4, 3, 3)
    assert result.samples == 14  # fewer people than samples: exact betweenness


def test_bridging_perpetrator_has_the_highest_betweenness(world: Actor) -> None:
    """Ivan lies on all 9 shortest paths between Jane's side and Mia's; Mia, next, on 8."""
    result = network.analyse(world, **CAMBRIDGE_2024)
    first, second = result.top_betweenness[:2]
    assert (first.person, second.person) == (pseudonym("P_IVAN", "person"), pseudonym("P_MIA", "person"))
    n = result.nodes
    assert first.value == pytest.approx(9 / ((n - 1) * (n - 2) / 2))  # networkx normalises undirected pairs
    assert second.value == pytest.approx(8 / ((n - 1) * (n - 2) / 2))
    ivan = next(p for p in result.people if p.person == first.person)
    assert (ivan.victim, ivan.perpetrator, ivan.child, ivan.degree) == (0, 2, 0, 3)
    assert [r.value for r in result.top_degree] == sorted((r.value for r in result.top_degree), reverse=True)
    assert result.top_degree[0].value == 3


def test_select_collapses_case_roles_and_keeps_one_hop_of_family(world: Actor) -> None:
    """Victim-perpetrator edges are kind 'case'; Dora (one hop out) is in, her brother Evan (two) is not."""
    graph = network.select(world, **CAMBRIDGE_2024)
    assert set(graph.nodes) == ps(*FAMILY_A, *FAMILY_B, *JANE_SIDE, *MIA_SIDE)
    ivan, mia, amy, brian = (pseudonym(p, "person") for p in ("P_IVAN", "P_MIA", "P_AMY", "P_BRIAN"))
    assert graph.edges[ivan, mia]["kind"] == "case"
    assert graph.edges[ivan, mia]["kinds"] == ("INTIMATE_RELATIONSHIP", "case")
    assert graph.edges[amy, brian]["kinds"] == ("MARRIED", "case")
    assert graph.nodes[ivan]["roles"] == {"victim": 0, "perpetrator": 2, "child": 0}
    assert graph.nodes[pseudonym("P_CARA", "person")]["roles"] == {"victim": 0, "perpetrator": 0, "child": 1}
    assert graph.nodes[pseudonym("P_DORA", "person")]["roles"] == {"victim": 0, "perpetrator": 0, "child": 0}


def test_selection_by_case_ids(world: Actor) -> None:
    """Jane's case alone: Ivan, Jane, and one hop out (Kate, Liam, and Mia through Ivan's relationship)."""
    graph = network.select(world, cases=["C_S1"])
    assert set(graph.nodes) == ps("P_IVAN", "P_JANE", "P_KATE", "P_LIAM", "P_MIA")
    assert graph.number_of_edges() == 6  # Kate-Liam are both one hop out: their link is kept
    assert graph.edges[pseudonym("P_IVAN", "person"), pseudonym("P_MIA", "person")]["kind"] == "INTIMATE_RELATIONSHIP"
    fenland = network.analyse(world, cases=["C_FEN"])
    assert (fenland.nodes, fenland.edges, fenland.component_sizes) == (2, 1, (2,))


def test_no_real_id_or_name_anywhere(world: Actor) -> None:
    """Result, its JSON and the selected graph hold pseudonyms only."""
    result = network.analyse(world, **CAMBRIDGE_2024)
    graph = network.select(world, **CAMBRIDGE_2024)
    text = " ".join([json.dumps(result.as_dict()), repr(result), repr(list(graph.nodes(data=True))),
                     repr(list(graph.edges(data=True))), repr(graph.graph)])
    for pid, (given, family) in NAMES.items():
        assert pid not in text and given not in text and family not in text
    assert all(p.person.startswith("person-") for p in result.people)


def test_progress_is_told_each_stage_in_order(world: Actor) -> None:
    """The callback hears every stage, fractions rising from 0 to 1; timings are kept per stage."""
    heard: list[tuple[str, float]] = []
    result = network.analyse(world, **CAMBRIDGE_2024, progress=lambda stage, done: heard.append((stage, done)))
    assert [s for s, _ in heard] == ["select", "components", "betweenness", "communities", "ranking", "done"]
    fractions = [f for _, f in heard]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert [s for s, _ in result.timings] == ["select", "components", "betweenness", "communities", "ranking"]


def test_sampled_betweenness_is_seeded(world: Actor) -> None:
    """With fewer samples than people, k is the sample count and the same seed gives the same answer."""
    first = network.analyse(world, **CAMBRIDGE_2024, betweenness_samples=5, seed=7)
    again = network.analyse(world, **CAMBRIDGE_2024, betweenness_samples=5, seed=7)
    assert first.samples == 5 and first == again


def _stored() -> dict[str, dict[str, Any]]:
    query = ("MATCH (p:Person) RETURN p.id AS id, p.hearth_component AS component, "
             "p.hearth_community AS community, p.hearth_betweenness AS betweenness")
    return {r["id"]: r for r in db.read(lambda tx: db.rows(tx, query))}


def test_write_back_sets_the_properties_and_is_audited(world: Actor) -> None:
    """Each person in the network gets the three properties; a later run replaces them everywhere."""
    result = network.analyse(world, **CAMBRIDGE_2024)
    assert network.write_back(world, result, purpose="dashboard refresh") == 14
    stored = _stored()
    by_pseudonym = {p.person: p for p in result.people}
    for pid in FAMILY_A | FAMILY_B | JANE_SIDE | MIA_SIDE:
        metrics = by_pseudonym[pseudonym(pid, "person")]
        assert (stored[pid]["component"], stored[pid]["community"]) == (metrics.component, metrics.community)
        assert stored[pid]["betweenness"] == pytest.approx(metrics.betweenness)
    assert max(stored.values(), key=lambda r: r["betweenness"] or -1)["id"] == "P_IVAN"
    assert all(stored[p]["component"] is None for p in ("P_EVAN", "P_PAT", "P_ROSE"))
    audit = db.read(lambda tx: db.rows(tx, "MATCH (e:AuditEvent {action: 'analyse_write_back'}) "
                                           "RETURN e.purpose AS purpose, e.detail AS detail"))
    assert audit[0]["purpose"] == "dashboard refresh"
    assert json.loads(audit[0]["detail"])["people"] == 14
    assert network.write_back(world, network.analyse(world, cases=["C_FEN"])) == 2
    assert {p for p, r in _stored().items() if r["component"] is not None} == {"P_PAT", "P_QUINN"}


def test_write_back_of_a_result_read_from_json(world: Actor) -> None:
    """A result rebuilt from a job's JSON finds its people again through its selection."""
    data = json.loads(json.dumps(network.analyse(world, **CAMBRIDGE_2024).as_dict()))
    gc.collect()  # the in-memory result, and with it its private id map, is gone
    rebuilt = network.NetworkResult.from_dict(data)
    assert network._ID_MAPS.get(rebuilt) is None
    assert network.write_back(world, rebuilt) == 14
    assert _stored()["P_IVAN"]["component"] == 0


@pytest.mark.parametrize(("username", "allowed"), [("analyst7", True), ("idva7", False), ("lettings7", False),
                                                   ("dalead7", False)])
def test_who_may_write_back(world: Actor, username: str, allowed: bool) -> None:
    """Analysts and admins may write metrics back; an IDVA, a lettings officer and a DA lead may not."""
    result = network.analyse(world, cases=["C_FEN"])
    actor = users.actor(username)
    if allowed:
        assert network.write_back(actor, result) == 2
    else:
        with pytest.raises(PermissionDenied, match="analyse_write_back"):
            network.write_back(actor, result)
        assert _stored()["P_PAT"]["component"] is None


def test_lettings_officer_may_not_analyse(world: Actor, tmp_path: Path) -> None:
    """select, analyse and background runs all need the analyse permission."""
    officer = users.actor("lettings7")
    with pytest.raises(PermissionDenied, match="analyse"):
        network.analyse(officer, **CAMBRIDGE_2024)
    with pytest.raises(PermissionDenied, match="analyse"):
        network.select(officer, cases=["C_A"])
    with pytest.raises(PermissionDenied, match="analyse"):
        start_background(officer, cases=["C_A"], job_dir=tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("arguments", "message"), [
    ({}, "choose the cases"),
    ({"start": date(2024, 5, 1), "end": date(2024, 4, 1)}, "ends .2024-04-01. before it starts"),
    ({"area": "Cambridge", "cases": ["C_A"]}, "not both"),
    ({"cases": []}, "non-empty list"),
    ({"area": " "}, "area must be"),
    ({"cases": ["C_A", "C_NOPE", "C_NADA"]}, "no case 'C_NADA' in the graph .and 1 more"),
    ({"area": "Nowhere"}, "no case in 'Nowhere'"),
    ({"area": "Cambridge", "start": date(2025, 1, 1)}, "no case in 'Cambridge' opened from 2025-01-01 to now"),
    ({"cases": ["C_A"], "betweenness_samples": 0}, "betweenness_samples must be at least 1"),
    ({"cases": ["C_A"], "top": 0}, "top must be at least 1"),
])
def test_bad_selections_are_refused(world: Actor, arguments: dict[str, Any], message: str) -> None:
    """Each unusable selection or setting raises InvalidInput saying what is wrong."""
    with pytest.raises(InvalidInput, match=message):
        network.analyse(world, **arguments)


def test_an_empty_graph_is_refused() -> None:
    """measure needs at least one person (no database needed)."""
    with pytest.raises(InvalidInput, match="no people"):
        network.measure(nx.Graph(), network.Selection(cases=("C",)))


MEASURE_RANDOM_GRAPH = """
import json, networkx as nx
from graph_model.analytics import network
graph = nx.Graph()
for n in range(40):  # 40 random components of 15 people: communities with near-ties
    edges = sorted(nx.gnm_random_graph(15, 30, seed=n).edges)
    graph.add_edges_from((f"person-{n:03d}-{a:02d}", f"person-{n:03d}-{b:02d}") for a, b in edges)
for node in graph.nodes:
    graph.nodes[node]["roles"] = {"victim": 0, "perpetrator": 0, "child": 0}
result = network.measure(graph, network.Selection(cases=("C",)), betweenness_samples=100, seed=3).as_dict()
result.pop("timings")
print(json.dumps(result, sort_keys=True))
"""


def test_measure_is_the_same_in_every_process() -> None:
    """Python randomises set order per process; the metrics must not depend on it (no database needed)."""
    answers = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", MEASURE_RANDOM_GRAPH], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, check=True)
        answers.add(done.stdout)
    assert len(answers) == 1
    assert json.loads(answers.pop())["communities"]["count"] > 40  # Louvain splits inside components


def _wait(job_dir: Path, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = job_status(job_dir, job_id)
        if status["status"] != "running":
            return status
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still running after {timeout} s: {job_status(job_dir, job_id)}")


def test_background_job_runs_to_done(world: Actor, tmp_path: Path) -> None:
    """The job's process re-resolves the user, reports progress, and leaves the whole result in its JSON."""
    job_id = start_background(world, **CAMBRIDGE_2024, job_dir=tmp_path)
    assert job_status(tmp_path, job_id)["status"] == "running"
    status = _wait(tmp_path, job_id)
    assert status["status"] == "done", (tmp_path / f"{job_id}.log").read_text()
    assert (status["stage"], status["fraction"], status["user"]) == ("done", 1.0, "admin")
    from_job = network.NetworkResult.from_dict(status["result"])
    assert from_job == network.analyse(world, **CAMBRIDGE_2024)
    assert status["result"]["components"] == {"count": 3, "sizes": [7, 4, 3], "largest": 7}
    text = (tmp_path / f"{job_id}.json").read_text()
    assert not any(given in text or pid in text for pid, (given, _) in NAMES.items())


def test_background_job_reports_failure(world: Actor, tmp_path: Path) -> None:
    """A selection that finds nothing ends the job as failed, with the reason."""
    job_id = start_background(world, area="Nowhere", job_dir=tmp_path)
    status = _wait(tmp_path, job_id)
    assert status["status"] == "failed"
    assert "no case in 'Nowhere'" in status["error"]


def test_job_status_of_unknown_jobs(tmp_path: Path) -> None:
    """A malformed or unknown job id is refused (a job id never reaches outside the job folder)."""
    with pytest.raises(InvalidInput, match="not a job id"):
        job_status(tmp_path, "../../etc/passwd")
    with pytest.raises(InvalidInput, match="no job"):
        job_status(tmp_path, "0" * 32)


def test_a_job_whose_process_died_is_failed(tmp_path: Path) -> None:
    """A job file left at running by a process that no longer exists reads as failed, pointing to the log."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    job_id = "f" * 32
    write_job(tmp_path, job_id, {"job": job_id, "status": "running", "stage": "betweenness", "fraction": 0.4,
                                 "pid": int(ended.stdout)})
    status = job_status(tmp_path, job_id)
    assert status["status"] == "failed" and f"{job_id}.log" in status["error"]
