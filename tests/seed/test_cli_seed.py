"""`hearth seed` from the command line: deterministic files, and a demo load with demo passwords."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph_model import db, read_model
from graph_model.config import PROJECT_ROOT
from graph_model.users import Actor


def _hearth(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hearth", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


def test_same_seed_same_file_other_seed_other_file(tmp_path: Path, cli_env: dict[str, str]) -> None:
    """Two runs with one seed write identical documents; another seed writes a different one."""
    files = [tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"]
    for path, seed in zip(files, ("5", "5", "6"), strict=True):
        result = _hearth(cli_env, "seed", "--preset", "demo", "--seed", seed, "--out", str(path))
        assert result.returncode == 0, result.stderr
    assert files[0].read_bytes() == files[1].read_bytes()
    assert files[0].read_bytes() != files[2].read_bytes()


def test_seed_loads_demo_and_sets_demo_passwords(admin: Actor, cli_env: dict[str, str]) -> None:
    """Loading the demo preset fills every section and gives its users argon2 demo passwords."""
    result = _hearth(cli_env, "seed", "--preset", "demo")
    assert result.returncode == 0, result.stderr
    counts = read_model.loaded_summary(admin).counts
    assert all(n > 0 for n in counts.values()), counts
    without = db.read(lambda tx: tx.run("MATCH (u:User) WHERE u.password_hash IS NULL AND NOT u.builtin "
                                        "RETURN count(u) AS n").single()["n"])
    assert without == 0


def test_seed_refuses_unknown_preset(cli_env: dict[str, str]) -> None:
    """An unknown preset is refused by the argument parser with the choices."""
    result = _hearth(cli_env, "seed", "--preset", "galaxy")
    assert result.returncode == 2 and "invalid choice" in result.stderr
