"""`hearth retention --dry-run | --apply`: text and JSON, the purpose required, refusals as one line."""

from __future__ import annotations

import json

import pytest

from graph_model.users import Actor
from hearth import cli
from tests.retention.conftest import events, ids, snapshot
from tests.retention.world import ON

Capture = pytest.CaptureFixture[str]


def test_the_dry_run_in_lines_and_as_json(world: Actor, capsys: Capture) -> None:
    assert cli.main(["retention", "--dry-run", "--on", ON.isoformat(), "--as", "lead1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "retention on 2026-06-01 (policy version 1): 10 record(s) due"
    assert any(line.split()[:5] == ["case", "C1", "erase", "due", "2026-06-01"] for line in out)
    assert out[out.index("by kind:") + 1:] == ["  case: 2 erase", "  marac_meeting: 1 erase", "  nomination: 1 erase",
                                              "  person: 4 erase", "  safe_contact: 2 erase"]
    assert cli.main(["--as", "admin", "retention", "--dry-run", "--on", "2026-05-31", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["on"] == "2026-05-31" and found["counts"]["person"] == {"erase": 2}
    assert {(i["kind"], i["id"]) for i in found["items"] if i["kind"] == "person"} == {("person", "P13"),
                                                                                        ("person", "P16")}
    assert cli.main(["retention", "--dry-run", "--on", "2020-01-01", "--as", "admin"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "nothing is due"


def test_refusals_are_one_line_and_change_nothing(world: Actor, capsys: Capture) -> None:
    before, logged = snapshot(), len(events())
    assert cli.main(["retention", "--dry-run", "--as", "idva1"]) == 1
    assert "idva1 may not retention_plan" in capsys.readouterr().err
    assert cli.main(["retention", "--apply", "--purpose", "tidy up", "--as", "lead1"]) == 1
    assert "lead1 may not retention_apply" in capsys.readouterr().err
    assert cli.main(["retention", "--apply", "--on", ON.isoformat(), "--as", "admin"]) == 1
    assert "--apply needs --purpose TEXT" in capsys.readouterr().err
    assert cli.main(["retention", "--dry-run", "--on", "1 June", "--as", "admin"]) == 1
    assert "--on '1 June' is not a date (YYYY-MM-DD)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["retention", "--dry-run", "--apply"])
    assert snapshot() == before
    assert [e["action"] for e in events()[logged:]] == ["retention_plan"]  # the refused dry run, logged


def test_apply_erases_and_reports(world: Actor, capsys: Capture) -> None:
    assert cli.main(["retention", "--apply", "--on", ON.isoformat(), "--purpose", "annual review", "--as",
                     "admin"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "retention applied on 2026-06-01 (policy version 1), purpose: annual review"
    assert "  person: 4 erased" in out and "  history entries redacted: 2 (in 6 transaction(s))" in out
    assert ids("MATCH (c:Case) RETURN c.id AS id") == {"C2", "C3"}
    assert cli.main(["retention", "--apply", "--on", ON.isoformat(), "--purpose", "again", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["done"] == {}
