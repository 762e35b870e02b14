"""`hearth workflow ...` run as a subprocess: a case walked through da_case, worklists, diagrams, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph_model.errors import InvalidInput
from hearth import workflow_cli
from tests.test_cli import assert_clean_error, hearth
from tests.workflows.world import world
from workflows import registry

CLOCK = "2026-11-02T09:00:00+00:00"  # HEARTH_CLOCK: the engine's time in every subprocess
CONSENT = {"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given", "date": "2026-10-01"}


@pytest.fixture()
def loaded(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Load the workflow test world (case C1, with consent) through `hearth load`; return the environment."""
    env = {**cli_env, "HEARTH_CLOCK": CLOCK}
    doc = tmp_path / "world.json"
    doc.write_text(json.dumps(world(consents=[CONSENT])), encoding="utf-8")
    result = hearth("load", str(doc), env=env)
    assert result.returncode == 0, result.stderr
    assert "workflows: enrolled 1 in da_case, 1 in information_sharing" in result.stdout
    return env


def test_a_case_is_opened_and_its_history_verified(loaded: dict[str, str]) -> None:
    """transitions (allowed and refused with reasons), fire, history, worklists, state, verify."""
    result = hearth("workflow", "transitions", "case:C1", "--as", "options1", env=loaded)
    assert result.returncode == 0, result.stderr
    allowed, refused = result.stdout.split("refused:")
    assert "options1 may fire on case:C1:" in allowed and "da_case open: Open the case -> open" in allowed
    assert "da_case record_only" in refused and "predicate consent_not_given: consent given by P1" in refused

    result = hearth("workflow", "fire", "case:C1", "open", "--as", "options1", "--expect-seq", "1", env=loaded)
    assert result.returncode == 0, result.stderr
    assert "da_case #2 open: disclosure -> open" in result.stdout

    result = hearth("workflow", "history", "case:C1", "--workflow", "da_case", "--json", "--as", "options1",
                    env=loaded)
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [(e["transition"], e["to_state"], e["actor"]) for e in entries] == [
        ("enrol", "disclosure", "admin"), ("open", "open", "options1")]
    assert entries[1]["at"].startswith("2026-11-02 09:00")

    result = hearth("workflow", "worklist", "--as", "options1", env=loaded)
    assert result.returncode == 0, result.stderr
    assert "da_case.to_assess: 1 item(s), 0 overdue" in result.stdout
    assert "da_case.to_open" not in result.stdout

    result = hearth("workflow", "state", "case:C1", "--as", "options1", env=loaded)
    assert result.returncode == 0, result.stderr
    assert "da_case v1: open (Open), entry 2" in result.stdout
    assert "information_sharing v1: no_basis" in result.stdout

    result = hearth("workflow", "verify", env=loaded)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "intact: 2 statuses, 3 entries"


def test_tick_flags_a_late_case_and_refusals_are_one_line(loaded: dict[str, str]) -> None:
    """A day and a half later the tick flags C1 overdue on its worklist; refused acts are clean one-line errors."""
    later = {**loaded, "HEARTH_CLOCK": "2026-11-03T21:00:00+00:00"}
    result = hearth("workflow", "tick", env=later)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("expired 1, fired 0, flagged 1")
    assert "flagged: case:C1 open_within_24h" in result.stdout

    result = hearth("workflow", "worklist", "da_case.to_open", "--as", "options1", env=later)
    assert result.returncode == 0, result.stderr
    assert "case:C1  disclosure  due 2026-11-03T09:00+00:00  OVERDUE" in result.stdout

    result = hearth("workflow", "why", "case:C1", "record_only", "--as", "options1", env=later)
    assert result.returncode == 0, result.stderr
    assert "options1 may not fire record_only on case:C1:" in result.stdout

    lines = assert_clean_error(hearth("workflow", "fire", "case:C1", "record_only", "--as", "options1", env=later))
    assert len(lines) == 1 and "record_only on case:C1 refused" in lines[0] and "needs a comment" in lines[0]

    lines = assert_clean_error(hearth("workflow", "transitions", "case:C1", "--as", "outsider", env=later))
    assert len(lines) == 1 and "outsider may not view case:C1" in lines[0]


@pytest.mark.parametrize(("args", "env_extra", "says"), [
    pytest.param(["state", "foo:1"], {}, "'foo' is not an object type", id="bad-type"),
    pytest.param(["history", "C1"], {}, "is not an object reference", id="no-type"),
    pytest.param(["show", "nosuch"], {}, "no workflow 'nosuch' (known: da_case", id="unknown-workflow"),
    pytest.param(["tick"], {"HEARTH_CLOCK": "tomorrow"}, "HEARTH_CLOCK='tomorrow' is not", id="bad-clock"),
    pytest.param(["tick", "--as", "nobody"], {}, "nobody", id="unknown-user"),
])
def test_bad_input_is_a_clean_error(cli_env: dict[str, str], args: list[str], env_extra: dict[str, str],
                                    says: str) -> None:
    """A wrong object reference, workflow, clock or user is one `hearth: error:` line and exit 1."""
    result = hearth("workflow", *args, env={**cli_env, **env_extra})
    lines = assert_clean_error(result)
    assert result.returncode == 1 and len(lines) == 1
    assert says in lines[0]


def test_show_and_diagram_write_files(cli_env: dict[str, str], tmp_path: Path) -> None:
    """`show` lists states, permissions, transitions and guards; `diagram --out` writes NAME.mmd and NAME.dot."""
    result = hearth("workflow", "show", "da_case", env=cli_env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("da_case v1: Domestic abuse case")
    assert "  disclosure: Disclosure received" in out and "      manage: housing_options_officer" in out
    assert "  closed: Closed (final)" in out
    assert "      disclosure, recorded_only -> open; trigger user" in out
    assert "      guard: perm: manage; consent_given" in out
    assert "  route_high: Route as high risk" in out and "trigger automatic" in out
    assert "  da_case.to_open: Cases to open within 24 hours" in out
    assert "  risk_review: Risk re-assessed every 6-8 weeks" in out and "on expiry fire review_due" in out

    folder = tmp_path / "diagrams"
    result = hearth("workflow", "diagram", "da_case", "--out", str(folder), env=cli_env)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["da_case.dot", "da_case.mmd"]
    assert "stateDiagram-v2" in (folder / "da_case.mmd").read_text()
    assert (folder / "da_case.dot").read_text().startswith('digraph "da_case" {')


def test_db_init_stores_the_definitions_and_help_lists_the_commands(cli_env: dict[str, str]) -> None:
    """`hearth db init` stores every definition in the graph; `hearth workflow --help` names each command."""
    result = hearth("db", "init", env=cli_env)
    assert result.returncode == 0, result.stderr
    reg = registry.default()
    stored = f"workflow definitions stored ({len(reg.definitions)} versions of {len(reg.current)} workflows)"
    assert stored in result.stdout
    result = hearth("workflow", "--help", env=dict(os.environ))
    assert result.returncode == 0
    for command in ("show", "state", "transitions", "why", "fire", "history", "worklist", "tick", "enrol",
                    "diagram", "verify", "migrate", "waits"):
        assert f"    {command} " in result.stdout


def test_entry_lines_mark_what_no_user_fired() -> None:
    """Printed entries say (auto), (deadline) or (enrol) when the engine, not a user, wrote them."""
    def entry(transition: str, source: str | None, dest: str) -> dict[str, object]:
        return {"workflow": "da_case", "version": 1, "seq": 3, "transition": transition, "from_state": source,
                "to_state": dest}
    assert workflow_cli.entry_line(entry("route_high", "risk_assessed", "high_risk")) == \
        "da_case #3 route_high: risk_assessed -> high_risk (auto)"
    assert workflow_cli.entry_line(entry("review_due", "supported", "under_review")).endswith("(deadline)")
    assert workflow_cli.entry_line(entry("enrol", None, "disclosure")) == \
        "da_case #3 enrol: (start) -> disclosure (enrol)"
    assert workflow_cli.entry_line(entry("open", "disclosure", "open")) == "da_case #3 open: disclosure -> open"


def test_params_are_name_equals_value() -> None:
    """`--param idva=idva2` becomes {'idva': 'idva2'}; a value may hold '='; a bare word is refused."""
    assert workflow_cli.parse_params(["idva=idva2", "note=a=b"]) == {"idva": "idva2", "note": "a=b"}
    with pytest.raises(InvalidInput, match="not name=value"):
        workflow_cli.parse_params(["idva"])
