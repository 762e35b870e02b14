"""Secrets (issue #10 item 4): no default password outside demo mode, compose takes every secret from the
environment, the pseudonymisation key from the environment only, and nothing secret in a git-tracked file.

Already tested elsewhere, and not repeated here: compose's NEO4J_AUTH and every *PASSWORD*/*KEY* value being a
required `${VAR:?}` reference (tests/test_compose.py); the dashboard refusing the demo password outside demo
mode (tests/dashboard/test_login.py::test_demo_password_is_refused_outside_demo_mode); `hearth user passwd`
refusing it (tests/test_user_cli.py); an export refusing to run without the key
(tests/graph_model/analytics/test_export.py::test_missing_key_writes_nothing).
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph_model.analytics import pseudonym
from graph_model.config import PROJECT_ROOT, Settings
from graph_model.errors import AuthenticationFailed, ConfigurationError
from tests.test_compose import _env, _service, compose  # noqa: F401  (the parsed compose file)

# Patterns of secrets that must never be committed.
SECRET_PATTERNS: dict[str, re.Pattern[str]] = {
    "private key": re.compile(r"-----BEGIN ((RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----"),
    "AWS access key": re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "credentials in a URI": re.compile(r"\b(bolt|neo4j|https?)(\+s|\+ssc)?://[^/\s:@'\"]+:[^/\s@'\"$]+@"),
    "Neo4j auth literal": re.compile(r"NEO4J_AUTH\s*[:=]\s*[\"']?neo4j/(?!\$)[^\s\"']+"),
}
# `password: x`, `secret = "x"`, `API_KEY=x` in configuration files: a literal value, not a ${reference}.
CONFIG_SECRET = re.compile(r"(?im)^\s*[\w.-]*(password|passwd|secret|token|api[_-]?key)[\w.-]*\s*[:=]\s*"
                           r"[\"']?(?!\$\{|\$\$\{|\.\.\.|<|$)([^\s\"'#]{4,})")
CONFIG_SUFFIXES = (".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf", ".properties", ".env", ".json")
SECRET_NAME = re.compile(r"(?i)(password|passwd|secret|token|(^|_)key)$")
# Literal secrets in code, each allowed for a stated reason (file, name) -> why.
ALLOWED_LITERALS: dict[tuple[str, str], str] = {
    ("graph_model/users.py", "DEMO_PASSWORD"): "the documented demo password; authenticate() refuses it outside "
                                              "demo mode (tests/dashboard/test_login.py)",
    ("graph_model/analytics/pseudonym.py", "DEMO_KEY"): "the published demo key; key() uses it only when "
                                                       "HEARTH_DEMO is set (test_pseudonym_key_only_from_env)",
}
TESTS_ONLY_KEY = "tests-only-pseudonym-key-not-a-secret"


def tracked_files() -> list[str]:
    """Return the paths git tracks in the project."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    return [p for p in out.decode().split("\0") if p]


def scan_text(path: str, text: str) -> list[str]:
    """Return the secrets found in one file's text: patterns, configuration values and code literals."""
    found = [f"{path}: {name}" for name, pattern in SECRET_PATTERNS.items() if pattern.search(text)]
    if path.endswith(CONFIG_SUFFIXES) or Path(path).name.startswith(".env"):
        found += [f"{path}: {m.group(0).strip()!r}" for m in CONFIG_SECRET.finditer(text)]
    if path.endswith(".py") and not path.startswith("tests/"):
        for node in ast.walk(ast.parse(text)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            value = getattr(node, "value", None)
            for target in targets:
                if (isinstance(target, ast.Name) and SECRET_NAME.search(target.id) and isinstance(value, ast.Constant)
                        and isinstance(value.value, str) and value.value and (path, target.id) not in ALLOWED_LITERALS):
                    found.append(f"{path}:{node.lineno}: {target.id} = {value.value!r}")
    return found


def test_no_secret_in_tracked_files() -> None:
    """No tracked file holds a private key, token, credentials in a URI or a literal password, and no .env."""
    found: list[str] = []
    assert len(tracked_files()) > 100
    for path in tracked_files():
        if Path(path).name.startswith(".env") or path.endswith((".pem", ".key", ".p12", ".pfx", ".jks")):
            found.append(f"{path}: a secrets file is tracked")
            continue
        try:
            text = (PROJECT_ROOT / path).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        found += scan_text(path, text)
    assert found == []


def test_scanner_finds_planted_secrets() -> None:
    """The scanner flags each kind of planted secret, and passes references and the allowed demo literals (the
    planted texts are split so this file does not trip the scan itself)."""
    key = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIB...\n"
    planted = {
        "deploy/id_rsa.txt": key,
        "docker-compose.override.yml": "services:\n  neo4j:\n    environment:\n      NEO4J_AUTH: neo4j/" + "hunter22\n",
        "config/app.yaml": "neo4j:\n  password: correct-horse\n",
        "settings.toml": 'api_key = "abcd1234efgh"\n',
        "graph_model/settings.py": 'NEO4J_PASSWORD = "s3cret-pass"\n',
        "hearth/net.py": 'URI = "bolt://neo4j:' + 'letmein@db:7687"\n',
        "bench/ci.py": "TOKEN_HEADER = 'x'\nGH = 'ghp_" + "a" * 36 + "'\n",
    }
    for path, text in planted.items():
        assert scan_text(path, text), path
    clean = {
        "docker-compose.yml": 'NEO4J_AUTH: "neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD}"\n',
        "docs/x.yaml": "password: ${NEO4J_PASSWORD}\n",
        "graph_model/users.py": 'DEMO_PASSWORD = "hearth-demo"\n',
        "graph_model/analytics/pseudonym.py": 'KEY_VARIABLE = "HEARTH_PSEUDONYM_KEY"\nDEMO_KEY = "x-not-secret"\n',
        "README.md": "export NEO4J_PASSWORD=... HEARTH_PSEUDONYM_KEY=...\n",
    }
    for path, text in clean.items():
        assert scan_text(path, text) == [], path


def test_env_files_are_never_committed() -> None:
    """A .env next to docker-compose.yml (the documented place for secrets) is ignored by git and by docker."""
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=PROJECT_ROOT, check=False)
    assert ignored.returncode == 0, ".env is not in .gitignore"
    assert ".env" in (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".hearth" in (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").split(), \
        "the local data folder (with its generated password) must stay out of the image"


def test_compose_app_requires_both_secrets(compose: dict[str, Any]) -> None:  # noqa: F811
    """The app gets NEO4J_PASSWORD and HEARTH_PSEUDONYM_KEY from the environment, both required; demo mode is off
    unless asked for."""
    env = _env(_service(compose, "app"))
    for name in ("NEO4J_PASSWORD", "HEARTH_PSEUDONYM_KEY"):
        assert re.fullmatch(r"\$\{" + name + r":\?[^}]+\}", env.get(name, "")), f"app.{name} = {env.get(name)!r}"
    demo = env.get("HEARTH_DEMO", "")
    assert demo in ("", "0", "${HEARTH_DEMO:-0}", "${HEARTH_DEMO:-}"), f"HEARTH_DEMO defaults on: {demo!r}"
    assert not any("env_file" in service for service in compose["services"].values())


def test_pseudonym_key_only_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is HEARTH_PSEUDONYM_KEY; unset or short it is refused; the published demo key only in demo mode."""
    monkeypatch.delenv(pseudonym.KEY_VARIABLE, raising=False)
    for demo in (None, "0", "false", "no", ""):
        if demo is None:
            monkeypatch.delenv("HEARTH_DEMO", raising=False)
        else:
            monkeypatch.setenv("HEARTH_DEMO", demo)
        with pytest.raises(ConfigurationError, match="HEARTH_PSEUDONYM_KEY must be set"):
            pseudonym.key()
    monkeypatch.setenv(pseudonym.KEY_VARIABLE, "too-short")
    with pytest.raises(ConfigurationError, match="at least 16"):
        pseudonym.key()
    monkeypatch.setenv(pseudonym.KEY_VARIABLE, "a-site-secret-of-some-length")
    assert pseudonym.key() == b"a-site-secret-of-some-length"
    monkeypatch.setenv("HEARTH_DEMO", "1")
    assert pseudonym.key() == b"a-site-secret-of-some-length", "a set key wins over the demo key"
    monkeypatch.delenv(pseudonym.KEY_VARIABLE)
    assert pseudonym.key() == pseudonym.DEMO_KEY.encode()


def test_key_is_read_in_one_place() -> None:
    """Only graph_model/analytics/pseudonym.py reads the key or names the demo key; settings hold no key."""
    reads = re.compile(r"(environ|getenv)[^\n]*(HEARTH_PSEUDONYM_KEY|KEY_VARIABLE)|DEMO_KEY|hearth-demo-pseudonym")
    readers = [path for path in tracked_files()
               if path.endswith(".py") and not path.startswith("tests/")
               and path != "graph_model/analytics/pseudonym.py"
               and reads.search((PROJECT_ROOT / path).read_text(encoding="utf-8"))]
    assert readers == []
    assert not [f for f in Settings.__dataclass_fields__ if "key" in f or "secret" in f]
    assert TESTS_ONLY_KEY not in pseudonym.__loader__.get_source(pseudonym.__name__)  # type: ignore[union-attr]


def test_local_password_is_generated_not_defaulted(tmp_path: Path) -> None:
    """Without NEO4J_PASSWORD each local data folder gets its own random password, kept readable by its owner only."""
    import dataclasses

    from graph_model import local_server

    base = dataclasses.replace(Settings.from_env(), neo4j_uri=None, neo4j_password=None)
    first, second = (dataclasses.replace(base, data_dir=tmp_path / name) for name in ("one", "two"))
    password = local_server.local_password(first)
    assert len(password) >= 24 and password != local_server.local_password(second)
    assert local_server.local_password(first) == password, "kept, not regenerated"
    assert (tmp_path / "one" / "neo4j-password").stat().st_mode & 0o777 == 0o600


def test_demo_password_refused_outside_demo_mode_at_the_service(graph: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """users.authenticate (behind every sign-in) refuses the demo password unless HEARTH_DEMO is 1/true/yes: unset,
    0 and off are each tried (argon2 makes each try slow, so three)."""
    from graph_model import users

    admin = users.actor(users.BUILTIN_ADMIN)
    users.set_password(admin, [users.BUILTIN_ADMIN], users.DEMO_PASSWORD)  # as `hearth seed --preset demo` does
    for demo in (None, "0", "off"):
        if demo is None:
            monkeypatch.delenv("HEARTH_DEMO", raising=False)
        else:
            monkeypatch.setenv("HEARTH_DEMO", demo)
        with pytest.raises(AuthenticationFailed, match="works only in demo mode"):
            users.authenticate("admin", users.DEMO_PASSWORD)
