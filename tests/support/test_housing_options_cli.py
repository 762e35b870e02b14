"""`hearth support reciprocal|transfer|options` from the command line (in process): the receiving landlord's
referral, as text and JSON, names no one; errors are one line; the overview counts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph_model.interchange import load as loader
from hearth import cli
from tests.support.options_world import options_world
from tests.support.test_housing_options_reciprocal import SECRETS
from tests.workflows.world import world


def _hearth(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["support", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_receiving_landlord_reads_the_referral_without_names_and_errors_are_one_line(
        graph: Any, admin: Any, capsys: pytest.CaptureFixture[str]) -> None:
    loader.load(admin, world(**options_world()))
    code, out, err = _hearth(capsys, "reciprocal", "draft", "C1", "--tenancy", "T10", "--to", "A6", "--tenure",
                             "secure", "--children", "1", "--need", "ground floor", "--avoid", "Badtown", "--json",
                             "--as", "options1")
    assert code == 0, err
    move_id = json.loads(out)["id"]
    assert _hearth(capsys, "reciprocal", "send", move_id, "--as", "options1")[0] == 0
    code, text, err = _hearth(capsys, "reciprocal", "render", move_id, "--as", "lettings6")
    assert code == 0, err
    code, as_json, err = _hearth(capsys, "reciprocal", "render", move_id, "--json", "--as", "lettings6")
    assert code == 0, err
    assert "ground floor" in text and json.loads(as_json)["areas_to_avoid"] == ["Badtown"]
    for secret in SECRETS:
        assert secret not in text + as_json, secret
    code, out, err = _hearth(capsys, "transfer", "request", "C1", "--tenancy", "T1", "--reason", "threats",
                             "--tenure", "secure", "--as", "options1")
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("hearth: error:") and "T1 is not a social tenancy" in err
    code, out, err = _hearth(capsys, "options", "--json", "--as", "options1")
    counts = {(r["workflow"], r["state"]): r["count"] for r in json.loads(out)}
    assert counts[("reciprocal_move", "referred")] == 1 and move_id not in out
