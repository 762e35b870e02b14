"""Every screening situation of the issue's table, from the CLI (`hearth screen`, in process) on a `hearth/1`
file loaded with `hearth load`: the outcome and reasons a lettings officer gets, with no detail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph_model import db
from hearth.cli import main
from tests.screening.situations import ON, world
from tests.screening.test_rules import SITUATIONS


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _load(capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "world.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _cli(capsys, "load", str(path))


@pytest.mark.parametrize(("name", "doc", "applicant", "expected", "reasons"), SITUATIONS,
                         ids=[s[0] for s in SITUATIONS])
def test_situation_from_the_cli(graph: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                                doc: dict[str, Any], applicant: str, expected: str, reasons: tuple[str, ...],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTH_CLOCK", "2026-11-02T09:00:00+00:00")
    _load(capsys, tmp_path, doc)
    if applicant == "P2":  # the world's nomination N1: screened as a nomination, which moves its workflow
        answer = json.loads(_cli(capsys, "screen", "N1", "--as", "lettings1", "--json"))
    else:
        answer = json.loads(_cli(capsys, "screen", "--applicant", applicant, "--property", "H0", "--on", ON,
                                 "--as", "lettings1", "--json"))
    assert (answer["outcome"], tuple(answer["reasons"]), answer["detail"]) == (expected, reasons, None)


@pytest.mark.parametrize(("years", "expected", "reasons"), [(2, "refer", ["WEAK_LINK_NEAR_VICTIM"]),
                                                            (6, "clear", [])])
def test_a_closed_case_inside_and_outside_the_window_from_the_cli(graph: Any, capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path, years: float, expected: str,
                                                                  reasons: list[str]) -> None:
    _load(capsys, tmp_path, world(victim_at=600))  # `hearth load` enrols the case in da_case
    db.write(lambda tx: tx.run(  # as if the workflow had closed the case `years` before the nomination date
        "MATCH (:Case {id: 'C1'})-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'}) "
        "SET s.state = 'closed', s.entered_at = datetime($on) - duration({days: toInteger($days)})",
        on=ON + "T00:00:00Z", days=years * 365.25).consume())
    answer = json.loads(_cli(capsys, "screen", "--applicant", "P2", "--property", "H0", "--on", ON, "--as",
                             "lettings1", "--json"))
    assert (answer["outcome"], answer["reasons"]) == (expected, reasons)
