"""A `hearth load` killed in the middle of its write leaves nothing behind (issue #10 item 7b).

The loader writes a whole document in one transaction (graph_model/interchange/load.py): the batches are
statements inside it, not commits. A killed load therefore rolls back when the server sees the connection drop,
and loading the same file again is the whole recovery.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from graph_model.interchange import export as exporter
from seed import generator
from tests.conftest import graph_size


def _hearth(*args: str) -> list[str]:
    return [sys.executable, "-m", "hearth", *args]


def _ids(document: dict[str, Any], sections: tuple[str, ...]) -> set[str]:
    return {r["id"] for s in sections for r in document.get(s, [])}


def test_a_load_killed_while_writing_leaves_nothing_and_loading_again_completes(admin: Any, cli_env: dict[str, str],
                                                                                tmp_path: Path) -> None:
    document = generator.generate("demo", 1)  # ~13,000 records: several seconds of writing
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = graph_size()
    # The progress line on stderr comes only from inside the write transaction, after a batch; with no quiet period
    # the first one comes after the first batch, however fast the machine.
    load = subprocess.Popen(_hearth("load", str(path)), env={**cli_env, "HEARTH_PROGRESS_QUIET": "0"},
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    assert load.stderr is not None
    line = load.stderr.readline()
    load.send_signal(signal.SIGKILL)
    load.wait(timeout=30)
    assert line.startswith("loading: ") and not line.startswith("loading: commit"), (
        f"the load was not caught writing: {line!r}")
    assert load.returncode == -signal.SIGKILL

    assert graph_size() == before
    sections = ("people", "cases", "properties", "agencies", "nominations")
    held = exporter.export(admin, purpose="check a killed load")
    assert _ids(held, sections) & _ids(document, sections) == set()

    again = subprocess.run(_hearth("load", str(path), "--json"), env=cli_env, capture_output=True, text=True,
                           timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    counts = json.loads(again.stdout.splitlines()[-1])["loaded"]
    assert counts == {s: len(r) for s, r in document.items() if s != "format"}
    held = exporter.export(admin, purpose="check the second load")
    assert _ids(document, sections) <= _ids(held, sections)
