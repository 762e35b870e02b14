"""`hearth marac ...` as a subprocess: agenda, map --json, gaps, actions, record, and a one-line denial."""

from __future__ import annotations

import json
from pathlib import Path

from tests.marac.world import action, marac_world
from tests.test_cli import hearth


def test_marac_cli(cli_env: dict[str, str], tmp_path: Path) -> None:
    env = {**cli_env, "HEARTH_CLOCK": "2026-11-10T09:00:00+00:00"}
    doc = tmp_path / "world.json"
    doc.write_text(json.dumps(marac_world(marac_actions=[action("X1", "MCP", "A1", "2026-10-15")])), encoding="utf-8")
    assert hearth("load", str(doc), env=env).returncode == 0
    result = hearth("marac", "agenda", "M1", "--as", "chair1", env=env)
    assert result.returncode == 0, result.stderr
    assert "Case 1 (MC1) [children]" in result.stdout and "Case 3 (MC3) [repeat] REPEAT" in result.stdout
    result = hearth("marac", "map", "--meeting", "M1", "--json", "--as", "chair1", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"source": "A4", "target": "C1"}.items() <= data["edges"][0].items() or data["edges"]
    assert hearth("marac", "gaps", "--meeting", "M1", "--as", "chair1", env=env).returncode == 0
    result = hearth("marac", "actions", "--agency", "A1", "--as", "chair1", env=env)
    assert "X1" in result.stdout and "OVERDUE by 26 day(s)" in result.stdout
    out = tmp_path / "record.html"
    result = hearth("marac", "record", "M1", "--out", str(out), "--as", "chair1", env=env)
    assert result.returncode == 0 and "Case 1 (MC1)" in out.read_text(encoding="utf-8")
    result = hearth("marac", "agenda", "M1", "--as", "outsider", env=env)
    assert result.returncode != 0 and result.stderr.count("\n") == 1 and "outsider" in result.stderr
