"""Shortest typed paths in words, and ego networks, on a hand-built world."""

from __future__ import annotations

from datetime import date

import pytest

from graph_model import users
from graph_model.analytics import ego, paths
from graph_model.errors import InvalidInput, PermissionDenied, UnknownPerson
from graph_model.interchange import load
from graph_model.users import Actor
from tests.graph_model.analytics.world import WORLD


@pytest.fixture()
def world(admin: Actor) -> Actor:
    """Load the world and return an analyst."""
    load.load(admin, WORLD)
    return users.actor("analyst1")


def test_two_victims_of_one_perpetrator_are_linked_through_him(world: Actor) -> None:
    """Val and Wendy are not personally connected, but the shortest paths run through Sid, in words."""
    answer = paths.how_connected(world, "V1", "V2", max_hops=4, on=date(2026, 11, 1))
    assert not answer.verdict.personally_connected
    assert answer.paths and all(p.length == 2 for p in answer.paths)
    words = {tuple(step.words for step in p.steps) for p in answer.paths}
    assert ("Sid Test (S) married to Val Test (V1) (2005-01-01 to 2015-01-01)",
            "Sid Test (S) in an intimate relationship with Wendy Test (V2) (2020-01-01 to now)") in words


def test_hop_limit_hides_longer_paths(world: Actor) -> None:
    """With one hop allowed there is no path between Val and Wendy."""
    assert paths.how_connected(world, "V1", "V2", max_hops=1).paths == ()


def test_path_errors_and_denials(world: Actor) -> None:
    """Bad hops, unknown people and lettings officers are refused with reasons."""
    with pytest.raises(InvalidInput, match="max_hops"):
        paths.how_connected(world, "V1", "V2", max_hops=9)
    with pytest.raises(UnknownPerson, match="NOPE"):
        paths.how_connected(world, "V1", "NOPE")
    with pytest.raises(PermissionDenied):
        paths.how_connected(users.actor("lettings1"), "V1", "V2")


def test_ego_network_two_hops(world: Actor) -> None:
    """Around Sid: his family and partners at one hop, cases with roles, and the child of his case at two."""
    network = ego.ego_network(world, "S", hops=2)
    hops = {n.id: n.hops for n in network.nodes}
    assert hops["S"] == 0 and hops["V1"] == 1 and hops["K"] == 1 and hops["C2"] == 1 and hops["M"] == 1
    assert "X" not in hops  # another family entirely
    sid = next(n for n in network.nodes if n.id == "S")
    assert set(sid.roles) == {("PERPETRATOR_IN", "C1"), ("PERPETRATOR_IN", "C2")}
    assert any(link.type == "CHILD_IN" and link.source == "K" and link.target == "C1" for link in network.links)


def test_ego_refuses_bad_hops_and_unknown_person(world: Actor) -> None:
    """Hops outside 1-3 and unknown people are refused."""
    with pytest.raises(InvalidInput):
        ego.ego_network(world, "S", hops=4)
    with pytest.raises(UnknownPerson):
        ego.ego_network(world, "NOPE")
