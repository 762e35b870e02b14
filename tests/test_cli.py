"""The `hearth` command run as a subprocess: help, load, export, acting users, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_model.config import PROJECT_ROOT
from graph_model.interchange import load
from graph_model.users import Actor
from tests.conftest import graph_size
from tests.graph_model.test_load_errors import base


def hearth(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `python -m hearth ARGS` in the project root and return the finished process."""
    return subprocess.run([sys.executable, "-m", "hearth", *args], env=env, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=180, check=False)


def assert_clean_error(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Assert the command failed with `hearth: error:` on stderr and no traceback; return stderr's lines."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("hearth: error: "), result.stderr
    return lines


@pytest.mark.parametrize(("command", "mentions"), [
    pytest.param([], "summary", id="hearth"),
    pytest.param(["db"], "status", id="db"),
    pytest.param(["db", "start"], "--as", id="db-start"),
    pytest.param(["db", "stop"], "--as", id="db-stop"),
    pytest.param(["db", "status"], "--as", id="db-status"),
    pytest.param(["db", "init"], "--as", id="db-init"),
    pytest.param(["load"], "--json", id="load"),
    pytest.param(["export"], "--purpose", id="export"),
    pytest.param(["summary"], "--json", id="summary"),
    pytest.param(["serve"], "--port", id="serve"),
    pytest.param(["demo"], "--port", id="demo"),
])
def test_help_of_every_command(command: list[str], mentions: str) -> None:
    """`--help` of every command and subcommand exits 0 and describes its options."""
    result = hearth(*command, "--help", env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: hearth {' '.join(command)}".rstrip())
    assert mentions in result.stdout
    assert result.stderr == ""


def test_no_command_is_a_usage_error() -> None:
    """`hearth` without a command exits non-zero with a usage message."""
    result = hearth(env=dict(os.environ))
    assert result.returncode == 2
    assert "usage: hearth" in result.stderr


def test_load_bad_file_names_every_error(cli_env: dict[str, str], tmp_json: Path) -> None:
    """Loading an invalid file exits non-zero, names section, id and field of each error, writes nothing."""
    doc = base()
    doc["cases"][0]["victims"] = ["P1", "P99"]
    doc["people"][0]["sex"] = "f"
    doc["links"][0]["end"] = "2011-01-01"
    tmp_json.write_text(json.dumps(doc), encoding="utf-8")
    before = graph_size()
    result = hearth("load", str(tmp_json), env=cli_env)
    lines = assert_clean_error(result)
    assert "3 error(s)" in lines[0] and "nothing was written" in lines[0]
    details = "\n".join(lines[1:])
    for place in ("cases[C1].victims", "people[P1].sex", "links[#1].end"):
        assert place in details
    assert "P99" in details
    assert graph_size() == before


def test_load_person_without_id_is_a_clean_error(cli_env: dict[str, str], tmp_json: Path) -> None:
    """A person record without an id is reported as a validation error, without a traceback."""
    doc = base()
    doc["people"].append({"given_name": "Nobody"})
    tmp_json.write_text(json.dumps(doc), encoding="utf-8")
    lines = assert_clean_error(hearth("load", str(tmp_json), env=cli_env))
    assert any("people[#6].id" in line for line in lines)


def test_load_broken_json_is_a_clean_error(cli_env: dict[str, str], tmp_json: Path) -> None:
    """A file that is not JSON is reported with its line and column, without a traceback."""
    tmp_json.write_text('{"format": "hearth/1",\n "people": [}\n', encoding="utf-8")
    lines = assert_clean_error(hearth("load", str(tmp_json), env=cli_env))
    assert "line 2" in "\n".join(lines)


def test_load_missing_file_is_a_clean_error(cli_env: dict[str, str], tmp_path: Path) -> None:
    """Loading a file that does not exist names it, without a traceback."""
    missing = tmp_path / "missing.json"
    lines = assert_clean_error(hearth("load", str(missing), env=cli_env))
    assert "no such file" in "\n".join(lines) and str(missing) in "\n".join(lines)


def test_load_good_file_prints_json_counts(cli_env: dict[str, str], tmp_json: Path) -> None:
    """`hearth load FILE --json` loads the file and prints its counts as JSON."""
    tmp_json.write_text(json.dumps(base()), encoding="utf-8")
    before = graph_size()
    result = hearth("load", str(tmp_json), "--json", env=cli_env)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    expected = {section: len(records) for section, records in base().items() if section != "format"}
    assert printed["loaded"] == expected
    assert printed["total"] == sum(expected.values())
    assert isinstance(printed["seconds"], int | float)
    assert graph_size()[0] > before[0]


def test_load_as_non_admin_is_refused(admin: Actor, cli_env: dict[str, str], tmp_json: Path) -> None:
    """`hearth load --as` a user without the admin role is refused in one line, and nothing is written."""
    load.load(admin, {"format": "hearth/1", "users": [{"id": "UI", "username": "idva9", "roles": ["idva"]}]})
    tmp_json.write_text(json.dumps(base()), encoding="utf-8")
    before = graph_size()
    lines = assert_clean_error(hearth("load", str(tmp_json), "--as", "idva9", env=cli_env))
    assert len(lines) == 1 and "idva9" in lines[0] and "load_data" in lines[0]
    assert graph_size() == (before[0] + 1, before[1])  # only the refusal's audit event


def test_export_writes_hearth1_document(admin: Actor, cli_env: dict[str, str], tmp_path: Path) -> None:
    """`hearth export --out FILE` writes a hearth/1 document holding the loaded records."""
    load.load(admin, base())
    out = tmp_path / "export.json"
    result = hearth("export", "--out", str(out), env=cli_env)
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "hearth/1"
    assert {p["id"] for p in document["people"]} == {p["id"] for p in base()["people"]}
    assert len(document["links"]) == len(base()["links"])


def test_export_to_stdout(admin: Actor, cli_env: dict[str, str]) -> None:
    """`hearth export` without --out prints the document on standard output."""
    load.load(admin, base())
    result = hearth("export", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cases"][0]["id"] == "C1"


@pytest.mark.parametrize("args", [pytest.param(["--as", "nobody", "summary"], id="before-command"),
                                  pytest.param(["summary", "--as", "nobody"], id="after-command")])
def test_unknown_acting_user_is_one_clear_line(cli_env: dict[str, str], args: list[str]) -> None:
    """Acting as a user who does not exist fails with one line naming the user."""
    result = hearth(*args, env=cli_env)
    lines = assert_clean_error(result)
    assert len(lines) == 1
    assert "'nobody'" in lines[0]
    assert result.stdout == ""


def test_summary_counts_loaded_records(admin: Actor, cli_env: dict[str, str]) -> None:
    """`hearth summary --json` prints the number of loaded records per section."""
    load.load(admin, base())
    result = hearth("summary", "--json", env=cli_env)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["people"] == len(base()["people"])
    assert counts["links"] == len(base()["links"])
    assert counts["users"] == len(base()["users"]) + 1  # and the built-in admin


def test_db_status_answers(cli_env: dict[str, str]) -> None:
    """`hearth db status` exits 0 and says the database is answering."""
    result = hearth("db", "status", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "answering" in result.stdout


def test_analyse_commands_run_on_a_small_world(admin: Actor, cli_env: dict[str, str], tmp_path: Path) -> None:
    """Each `hearth analyse` question answers on hand-built data, and a lettings officer is refused in one line."""
    from tests.graph_model.analytics.world import WORLD

    load.load(admin, WORLD)
    runs = [["analyse", "path", "V1", "V2"], ["analyse", "ego", "S"], ["analyse", "serial", "--on", "2026-11-01"],
            ["analyse", "repeats", "--since", "2026-01-01", "--to", "2026-11-01"],
            ["analyse", "network", "--area", "Cambridge", "--since", "2000-01-01", "--to", "2026-11-01"],
            ["analyse", "figures", "--since", "2026-01-01", "--to", "2026-11-01"],
            ["analyse", "export", "--out", str(tmp_path / "x"), "--purpose", "test"],
            ["analyse", "console", "MATCH (p:Person) RETURN count(p) AS n", "--purpose", "test"]]
    for args in runs:
        result = subprocess.run([sys.executable, "-m", "hearth", *args], cwd=PROJECT_ROOT, env=cli_env,
                                capture_output=True, text=True, check=False, timeout=120)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.strip(), args
    assert "Sid Test (S) married to Val Test (V1)" in subprocess.run(
        [sys.executable, "-m", "hearth", "analyse", "path", "V1", "V2"], cwd=PROJECT_ROOT, env=cli_env,
        capture_output=True, text=True, check=False).stdout
    refused = subprocess.run([sys.executable, "-m", "hearth", "--as", "lettings1", "analyse", "serial"],
                             cwd=PROJECT_ROOT, env=cli_env, capture_output=True, text=True, check=False)
    assert refused.returncode == 1 and refused.stderr.strip().splitlines() == [
        "hearth: error: lettings1 may not analyse: it needs one of the roles: admin, analyst, da_lead"]
