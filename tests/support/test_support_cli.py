"""`hearth support` from the command line: the directory, safe contact and its redaction, one line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from graph_model.interchange import load as loader
from tests.support.conftest import CODE_WORD, support_world
from tests.workflows.world import world


def _hearth(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hearth", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_cli_records_and_redacts_safe_contact_and_prints_the_directory(cli_env: dict[str, str],
                                                                           admin: Any) -> None:
    loader.load(admin, world(**support_world()))
    directory = _hearth(cli_env, "support", "directory", "--as", "lettings1")
    assert directory.returncode == 0 and "999" in directory.stdout and "55" in directory.stdout
    done = _hearth(cli_env, "support", "contact", "set", "C1", "--person", "P1", "--warning", "never_at_home",
                   "--code-word", CODE_WORD, "--as", "options1")
    assert done.returncode == 0, done.stderr
    shown = _hearth(cli_env, "support", "contact", "show", "C1", "--json", "--as", "options1")
    [victim] = json.loads(shown.stdout)
    assert victim["contact"]["warnings"] == ["never_at_home"] and victim["code_word_withheld"]
    refused = _hearth(cli_env, "support", "contact", "show", "C1", "--as", "lettings1")
    assert refused.returncode == 1 and refused.stderr.startswith("hearth: error: lettings1 may not view")
    assert CODE_WORD not in shown.stdout + refused.stdout + refused.stderr
