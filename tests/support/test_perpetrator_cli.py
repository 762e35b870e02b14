"""`hearth support perpetrator` and `hearth support equality` from the command line: a flag shown as JSON, and a
refusal as one line with a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import Any

from graph_model import users
from graph_model.interchange import load as loader
from tests.support.conftest import support_world
from tests.support.test_perpetrator_flags import POLICE_PARTY
from tests.workflows.world import world
from workflows import support_perp


def _hearth(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hearth", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_cli_shows_a_flag_and_refuses_the_equality_report_in_one_line(cli_env: dict[str, str],
                                                                                      admin: Any) -> None:
    sections = support_world()
    sections["referrals"] = [POLICE_PARTY]
    loader.load(admin, world(**sections))
    support_perp.record_flag("C1", "P2", users.actor("police1"), "mappa", date(2026, 9, 1), category=2, level=3)
    shown = _hearth(cli_env, "support", "perpetrator", "show", "C1", "--json", "--as", "lead1")
    [p2] = json.loads(shown.stdout)["perpetrators"]
    assert (p2["id"], p2["flags"][0]["kind"], p2["flags"][0]["level"]) == ("P2", "mappa", 3)
    refused = _hearth(cli_env, "support", "equality", "report", "--as", "lettings1")
    assert refused.returncode == 1 and refused.stderr.startswith("hearth: error: lettings1 may not equality_report")
    assert len(refused.stderr.strip().splitlines()) == 1
