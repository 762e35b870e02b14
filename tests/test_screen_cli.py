"""`hearth screen ...` run as a subprocess: outcomes, what a lettings officer never sees, the queue, errors."""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from graph_model.interchange import load
from graph_model.screening.policy import current
from graph_model.users import Actor, actor
from hearth import screen_cli
from tests.screening.situations import ON, home, lives, world
from tests.test_cli import assert_clean_error, hearth
from workflows import operations, service
from workflows.refs import ObjectRef

CLOCK = "2026-11-02T09:00:00+00:00"
PROTECTED = ("P1", "P3", "P5")  # victim, child, person protected by an order: never shown to lettings1
ORDER = {"id": "O1", "kind": "non_molestation", "respondent": "P2", "protected": ["P5"], "start": "2026-01-01"}
# The protected person lives off the nominated property's meridian, so their longitude is their own.
REDACTION_WORLD = world(victim_at=600, properties=[home("HC", 500), {**home("HP", 700), "longitude": 0.1047}],
                        tenancies=[lives("T3", "P3", "HC"), lives("T5", "P5", "HP")], court_orders=[ORDER])


def _load(env: dict[str, str], tmp_path: Path, doc: dict[str, Any]) -> dict[str, str]:
    path = tmp_path / "world.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    env = {**env, "HEARTH_CLOCK": CLOCK}
    result = hearth("load", str(path), env=env)
    assert result.returncode == 0, result.stderr
    return env


def _ok(*args: str, env: dict[str, str]) -> str:
    result = hearth("screen", *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _secrets(doc: dict[str, Any], findings: list[dict[str, Any]]) -> list[str]:
    """Return a regex for every fact about the protected people: names, ids, homes, cases, orders, distances."""
    people = [p for p in doc["people"] if p["id"] in PROTECTED]
    homes = {t["property"] for t in doc["tenancies"] if t["person"] in PROTECTED}
    places = [h for h in doc["properties"] if h["id"] in homes]
    words = [w for p in people for w in (p["id"], p["given_name"], p["family_name"])]
    words += [t["id"] for t in doc["tenancies"] if t["person"] in PROTECTED]
    words += [w for h in places for w in (h["id"], h["address"], h["postcode"], "Secret")]
    words += [c["id"] for c in doc["cases"]] + [o["id"] for o in doc.get("court_orders", [])]
    words += ["distance", "Restricted", "m away", "metres"]
    patterns = [rf"\b{re.escape(w)}\b" for w in words]
    for h in places:
        for coordinate in (h["latitude"], h["longitude"]):
            patterns += [re.escape(f"{coordinate:.3f}"), re.escape(repr(coordinate)[:7])]
    for f in findings:  # a distance in any rounding, as a number of its own
        for figure in {str(int(f["distance_m"])), str(round(f["distance_m"])), f"{f['distance_m']:.1f}"}:
            patterns.append(rf"(?<![\w.]){re.escape(figure)}(?![\w])")
    return patterns


def assert_redacted(text: str, patterns: list[str]) -> None:
    """Assert no protected person's fact appears anywhere in the text."""
    leaks = [p for p in patterns if re.search(p, text, flags=re.IGNORECASE)]
    assert not leaks, f"leaked {leaks} in:\n{text}"


def test_lettings_officer_sees_the_outcome_only_and_the_da_lead_sees_why(cli_env: dict[str, str],
                                                                          tmp_path: Path) -> None:
    """N1 is refused for both; only lead1 gets who, which case and how far; lettings1's output holds none of it."""
    env = _load(cli_env, tmp_path, REDACTION_WORLD)
    text = _ok("N1", "--as", "lettings1", env=env)  # the nomination goes to conflict: only a DA lead screens again
    lines = assert_clean_error(hearth("screen", "N1", "--as", "lettings1", env=env))
    assert "needs one of da_lead" in lines[0]
    lead = json.loads(_ok("N1", "--json", "--as", "lead1", env=env))
    assert lead["outcome"] == "refuse" and lead["reasons"] == ["PERPETRATOR_NEAR_VICTIM"]
    assert {f["person_id"] for f in lead["detail"]} == set(PROTECTED)
    assert {f["case_id"] for f in lead["detail"]} == {"C1", None} and {f["order_id"] for f in lead["detail"]} >= {"O1"}
    lead_text = _ok("N1", "--as", "lead1", env=env)
    assert "Restricted detail" in lead_text and "Vera Hidden (P1), victim, case C1, 600.0 m away" in lead_text

    lines = text.splitlines()
    assert lines[0] == "Nomination N1: REFUSE" and "applicant P2, property H0, on 2026-11-01" in lines[1]
    assert ("  PERPETRATOR_NEAR_VICTIM: The applicant is a recorded perpetrator against someone living close to "
            "this property.") in lines
    assert re.search(r"^Policy version 1; screening S-[0-9a-f]{12} at ", text, flags=re.MULTILINE)
    raw = _ok("--applicant", "P2", "--property", "H0", "--on", "2026-11-01", "--json", "--as", "lettings1", env=env)
    data = json.loads(raw)
    assert set(data) == {"outcome", "reasons", "policy", "screening_id", "at", "on", "applicant", "property",
                         "nomination", "detail"}
    assert (data["outcome"], data["reasons"], data["policy"], data["detail"]) == (
        "refuse", ["PERPETRATOR_NEAR_VICTIM"], 1, None)
    assert (data["applicant"], data["property"], data["nomination"]) == ("P2", "H0", None)
    patterns = _secrets(REDACTION_WORLD, lead["detail"])
    assert_redacted(text, patterns)
    assert_redacted(raw, patterns)
    assert any(re.search(p, lead_text, flags=re.IGNORECASE) for p in patterns)  # the control: lead1 is told

    state = service.state(ObjectRef("nomination", "N1"), actor("lead1"))
    assert [(s.workflow, s.state) for s in state] == [("nomination", "conflict")]

    detail = _ok("--detail", data["screening_id"], "--as", "lead1", env=env)
    assert detail.startswith(f"Screening {data['screening_id']}\nRestricted detail")
    assert "Chloe Hidden (P3), child, case C1, 500.0 m away" in detail
    lines = assert_clean_error(hearth("screen", "--detail", data["screening_id"], "--as", "lettings1", env=env))
    assert lines == ["hearth: error: lettings1 may not view_screening_detail: it needs one of the roles: da_lead"]


def test_ad_hoc_check_at_a_date(cli_env: dict[str, str], tmp_path: Path) -> None:
    """--applicant/--property/--on: refused at the nomination date, clear before the victim moved in."""
    env = _load(cli_env, tmp_path, world(victim_at=2000))
    data = json.loads(_ok("--applicant", "P2", "--property", "H0", "--on", ON, "--json", "--as", "lettings1",
                          env=env))
    assert (data["outcome"], data["reasons"], data["nomination"], data["detail"]) == (
        "refer", ["PERPETRATOR_WITHIN_OUTER_RADIUS"], None, None)
    text = _ok("--applicant", "P2", "--property", "H0", "--on", "2019-06-01", "--as", "lettings1", env=env)
    assert text.startswith("Ad hoc screening: CLEAR\n  applicant P2, property H0, on 2019-06-01\n"
                           "Reasons: none (no rule applies)\n")


QUEUE_WORLD = world(victim_at=600, properties=[home("HR", 2600), {**home("HO", 20000), "landlord": "A5"}],
                    agencies=[{"id": "A5", "name": "Other Homes", "kind": "housing_provider", "area": "Testshire"}],
                    nominations=[{"id": f"N{n}", "applicant": applicant, "property": prop, "nominated_by": "A4",
                                  "date": ON} for n, applicant, prop in ((2, "P8", "H0"), (3, "P2", "HR"),
                                                                         (4, "P2", "HO"))])


def test_pending_queue_counts_outcomes_and_failures(cli_env: dict[str, str], tmp_path: Path) -> None:
    """--pending screens N1-N3 (refuse, clear, refer); N4 belongs to another landlord: not in lettings1's queue."""
    env = _load(cli_env, tmp_path, QUEUE_WORLD)
    result = hearth("screen", "--pending", "--workers", "2", "--as", "lettings1", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("screened 3 of 3 pending nomination(s) in ")
    assert lines[0].endswith(": 1 clear, 1 refer, 1 refuse; 0 failed")
    assert [line.split()[:3] for line in lines[1:4]] == [
        ["N1", "REFUSE", "PERPETRATOR_NEAR_VICTIM"], ["N2", "CLEAR", "-"],
        ["N3", "REFER", "PERPETRATOR_WITHIN_OUTER_RADIUS"]]
    assert "N4" not in result.stdout  # another landlord's nomination is not even named
    assert_redacted(result.stdout, _secrets(QUEUE_WORLD, []))
    data = json.loads(_ok("--pending", "--json", "--as", "lettings1", env=env))
    assert data["counts"] == {"clear": 0, "refer": 0, "refuse": 0} and list(data["failed"]) == []
    assert data["results"] == {}


def test_pending_shows_a_progress_line(admin: Actor, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """In process, with no quiet period: the progress line on stderr, the counts on stdout."""
    load.load(admin, QUEUE_WORLD)
    operations.enrol(admin)
    monkeypatch.setattr(screen_cli, "QUIET_FOR", 0.0)
    assert screen_cli.cmd_pending(argparse.Namespace(json=False, workers=1), actor("lead1")) == 0
    out, err = capsys.readouterr()
    assert re.search(r"screening: nominations \d/4 \(\d+s\)", err)
    assert "4 of 4 pending nomination(s)" in out and "2 clear, 1 refer, 1 refuse; 0 failed" in out


def test_errors_are_one_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    """Unknown nomination, person, property, user; a role that may not screen: one line each, exit 1."""
    env = _load(cli_env, tmp_path, world())
    for args, says in (
            (["N99", "--as", "lettings1"], "no nomination 'N99'"),
            (["--applicant", "P99", "--property", "H0", "--as", "lettings1"], "no person 'P99' in the graph"),
            (["--applicant", "P2", "--property", "H99", "--as", "lettings1"], "no property 'H99'"),
            (["N1", "--as", "nobody"], "no user 'nobody'"),
            (["N1", "--as", "idva1"], "idva1 may not screen_nomination"),
            (["--detail", "S-nope", "--as", "lead1"], "no screening 'S-nope'")):
        result = hearth("screen", *args, env=env)
        lines = assert_clean_error(result)
        assert result.returncode == 1 and len(lines) == 1 and says in lines[0], (args, lines)


@pytest.mark.parametrize(("args", "says"), [
    pytest.param([], "give a NOMINATION_ID, --applicant P --property H, --pending", id="nothing"),
    pytest.param(["--applicant", "P2"], "--applicant needs --property", id="no-property"),
    pytest.param(["--property", "H0"], "--property needs --applicant", id="no-applicant"),
    pytest.param(["--applicant", "P2", "--property", "H0", "--on", "2026-13-01"],
                 "argument --on: '2026-13-01' is not a real date", id="bad-date"),
    pytest.param(["N1", "--pending"], "NOMINATION_ID and --pending cannot be combined", id="two-modes"),
    pytest.param(["N1", "--on", ON], "--on applies to --applicant only", id="on-with-nomination"),
    pytest.param(["N1", "--workers", "2"], "--workers applies to --pending only", id="workers-alone"),
    pytest.param(["--pending", "--workers", "0"], "--workers must be at least 1", id="no-workers"),
])
def test_bad_arguments_are_usage_errors(args: list[str], says: str) -> None:
    """A bad combination is an argparse error (usage, the reason, exit 2) before any database is touched."""
    result = hearth("screen", *args, "--as", "lettings1", env={**os.environ, "NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("usage: hearth screen")
    assert f"hearth screen: error: {says}" in result.stderr


def test_policy_is_printed_without_a_database() -> None:
    """--policy prints the version, every value and the area overrides; --json is Policy.as_dict()."""
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:1"}
    text = _ok("--policy", env=env)
    assert text.startswith("Screening policy version 1 (")
    assert "  inner_radius_m: 1000.0" in text and "  closed_case_years: 5" in text
    assert "  Fenland: inner_radius_m 1500, outer_radius_m 4000" in text
    assert json.loads(_ok("--policy", "--json", env=env)) == current().as_dict()
