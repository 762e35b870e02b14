"""Static checks of docker-compose.yml, the Dockerfile and its entrypoint (no Docker or database needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """Return the parsed compose file."""
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _service(compose: dict[str, Any], name: str) -> dict[str, Any]:
    service = compose["services"][name]
    assert isinstance(service, dict)
    return service


def _env(service: dict[str, Any]) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        return dict(str(item).partition("=")[::2] for item in raw)
    return {str(key): str(value) for key, value in raw.items()}


def _ports(service: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (host_ip, container_port) for each published port."""
    result = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            result.append((str(port.get("host_ip", "")), str(port["target"])))
        else:
            parts = str(port).split(":")
            result.append((parts[0] if len(parts) == 3 else "", parts[-1].split("/")[0]))
    return result


def _logical_lines(path: Path) -> list[str]:
    return re.sub(r"\\\n", " ", path.read_text(encoding="utf-8")).splitlines()


def test_services_exist(compose: dict[str, Any]) -> None:
    """Both the neo4j and the app service are defined."""
    assert {"neo4j", "app"} <= set(compose["services"])


def test_neo4j_image_is_526_community(compose: dict[str, Any]) -> None:
    """Neo4j runs the 5.26 LTS Community image, matching neo4j_local."""
    assert re.fullmatch(r"neo4j:5\.26(\.\d+)?-community", _service(compose, "neo4j")["image"])


def test_neo4j_auth_requires_password(compose: dict[str, Any]) -> None:
    """NEO4J_AUTH takes the password from a required variable, never a default or `none`."""
    auth = _env(_service(compose, "neo4j"))["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]*\}", auth)


def test_no_literal_secrets_in_compose() -> None:
    """No password or key is written in the file or given a default; every one is required."""
    text = COMPOSE.read_text(encoding="utf-8")
    assert not re.search(r"neo4j/(?!\$\{)", text), "literal password after neo4j/"
    references = re.findall(r"(?<!\$)\$\{(\w*(?:PASSWORD|KEY)\w*)([^}]*)\}", text)
    assert references
    for name, modifier in references:
        assert modifier.startswith(":?"), f"${{{name}}} must be required (:?), not {modifier!r}"


def test_secret_env_values_are_references(compose: dict[str, Any]) -> None:
    """Every *PASSWORD*/*KEY* environment value is a required ${...:?...} reference."""
    for name, service in compose["services"].items():
        for key, value in _env(service).items():
            if "PASSWORD" in key or "KEY" in key:
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", value), f"{name}.{key} = {value!r}"


def test_ports_bound_to_loopback(compose: dict[str, Any]) -> None:
    """Bolt (7687) and the dashboard (8501) are published, and every port only on 127.0.0.1."""
    published: set[str] = set()
    for name in ("neo4j", "app"):
        for host_ip, target in _ports(_service(compose, name)):
            assert host_ip == "127.0.0.1", f"{name} publishes {target} beyond loopback"
            published.add(target)
    assert {"7687", "8501"} <= published


def test_neo4j_healthcheck(compose: dict[str, Any]) -> None:
    """The neo4j healthcheck runs a query through cypher-shell, with an interval and retries."""
    check = _service(compose, "neo4j")["healthcheck"]
    test = " ".join(check["test"]) if isinstance(check["test"], list) else check["test"]
    assert "cypher-shell" in test and "RETURN 1" in test
    assert "$${NEO4J_PASSWORD}" in test, "password must be expanded in the container, not by compose"
    assert check["interval"] and int(check["retries"]) > 0
    assert "NEO4J_PASSWORD" in _env(_service(compose, "neo4j"))


def test_app_waits_for_healthy_neo4j(compose: dict[str, Any]) -> None:
    """The app starts only once neo4j reports healthy."""
    depends = _service(compose, "app")["depends_on"]
    assert isinstance(depends, dict)
    assert depends["neo4j"]["condition"] == "service_healthy"


def test_app_uri_points_at_neo4j_service(compose: dict[str, Any]) -> None:
    """NEO4J_URI uses the neo4j:// scheme and the neo4j service's host name."""
    uri = urlsplit(_env(_service(compose, "app"))["NEO4J_URI"])
    assert uri.scheme == "neo4j"
    assert uri.hostname == "neo4j" and uri.hostname in compose["services"]


def test_data_volume_declared(compose: dict[str, Any]) -> None:
    """The volume mounted at /data is a named volume declared at top level."""
    mounts = [str(v).split(":") for v in _service(compose, "neo4j")["volumes"]]
    sources = [parts[0] for parts in mounts if len(parts) >= 2 and parts[1] == "/data"]
    assert len(sources) == 1
    assert sources[0] in (compose.get("volumes") or {})


def test_app_is_built(compose: dict[str, Any]) -> None:
    """The app service is built from the project's Dockerfile."""
    assert _service(compose, "app").get("build")


def test_dockerfile() -> None:
    """The Dockerfile exposes 8501, switches to a non-root user and runs the dashboard."""
    lines = [line.strip() for line in _logical_lines(DOCKERFILE)]
    assert any(re.fullmatch(r"EXPOSE\s+8501(/tcp)?", line) for line in lines)
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    run = " ".join(line for line in lines if line.startswith(("CMD", "ENTRYPOINT")))
    assert re.search(r"""streamlit"?,?\s+"?run"?,?\s+"?dashboard/app\.py""", run)


def test_entrypoint_inits_schema_before_streamlit() -> None:
    """docker/entrypoint.sh stops on errors and runs `hearth db init` before handing over to streamlit."""
    lines = [line.strip() for line in _logical_lines(ENTRYPOINT) if not line.strip().startswith("#")]
    assert "set -eu" in lines
    init = lines.index("hearth db init")
    handover = [i for i, line in enumerate(lines) if line.startswith("exec ")]
    assert handover and init < handover[0]
    assert lines[handover[0]] == 'exec "$@"' or "streamlit run" in lines[handover[0]]
    starts = [line for line in _logical_lines(DOCKERFILE) if line.startswith(("ENTRYPOINT", "CMD"))]
    assert any("docker/entrypoint.sh" in line for line in starts), "the Dockerfile must start via the script"
