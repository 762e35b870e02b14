"""`hearth support reciprocal|transfer|options` from the command line: the receiving landlord's referral, as text
and JSON, names no one; errors are one line; the overview counts."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from graph_model.interchange import load as loader
from graph_model.users import actor
from tests.support.options_world import options_world
from tests.support.test_housing_options_reciprocal import SECRETS
from tests.workflows.world import world
from workflows import housing_reciprocal


def _hearth(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hearth", "support", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_receiving_landlord_reads_the_referral_without_names_and_errors_are_one_line(cli_env: dict[str, str],
                                                                                         admin: Any) -> None:
    loader.load(admin, world(**options_world()))
    drafted = _hearth(cli_env, "reciprocal", "draft", "C1", "--tenancy", "T10", "--to", "A6", "--tenure", "secure",
                      "--children", "1", "--need", "ground floor", "--avoid", "Badtown", "--json", "--as", "options1")
    assert drafted.returncode == 0, drafted.stderr
    move_id = json.loads(drafted.stdout)["id"]
    housing_reciprocal.send(move_id, actor("options1"))
    text = _hearth(cli_env, "reciprocal", "render", move_id, "--as", "lettings6")
    as_json = _hearth(cli_env, "reciprocal", "render", move_id, "--json", "--as", "lettings6")
    assert text.returncode == 0 and as_json.returncode == 0, text.stderr + as_json.stderr
    assert "ground floor" in text.stdout and json.loads(as_json.stdout)["areas_to_avoid"] == ["Badtown"]
    for secret in SECRETS:
        assert secret not in text.stdout + as_json.stdout, secret
    refused = _hearth(cli_env, "transfer", "request", "C1", "--tenancy", "T1", "--reason", "threats", "--tenure",
                      "secure", "--as", "options1")
    assert refused.returncode != 0 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("hearth: error:") and "T1 is not a social tenancy" in refused.stderr
    overview = _hearth(cli_env, "options", "--json", "--as", "options1")
    counts = {(r["workflow"], r["state"]): r["count"] for r in json.loads(overview.stdout)}
    assert counts[("reciprocal_move", "referred")] == 1 and move_id not in overview.stdout
