"""`hearth user passwd` sets a password the dashboard accepts; it refuses the demo password outside demo mode."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from graph_model import users
from graph_model.errors import AuthenticationFailed


def _passwd(env: dict[str, str], username: str, password: str, as_user: str = "admin") -> Any:
    return subprocess.run([sys.executable, "-m", "hearth", "user", "passwd", username, "--password-stdin",
                           "--as", as_user], input=password + "\n", capture_output=True, text=True, env=env,
                          check=False)


def test_an_admin_sets_the_first_password(cli_env: dict[str, str]) -> None:
    cli_env = {k: v for k, v in cli_env.items() if k != "HEARTH_DEMO"}
    result = _passwd(cli_env, "admin", "correct horse battery")
    assert result.returncode == 0, result.stderr
    assert users.authenticate("admin", "correct horse battery").username == "admin"
    refused = _passwd(cli_env, "admin", users.DEMO_PASSWORD)
    assert refused.returncode == 1 and "demo password may not be used" in refused.stderr
    assert _passwd(cli_env, "nobody", "long enough password").stderr.strip().endswith("nothing was changed")
    try:
        users.authenticate("admin", users.DEMO_PASSWORD)
        raise AssertionError("the demo password was accepted")
    except AuthenticationFailed:
        pass
