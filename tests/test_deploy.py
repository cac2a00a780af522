"""The national shape in deploy/ (not run in CI): three app instances behind the proxy on
one PostgreSQL, each gated on readiness, every one of them in the proxy's upstreams."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assistant.settings import load_settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
APPS = ("app1", "app2", "app3")


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_three_app_instances_a_proxy_and_postgresql() -> None:
    services = _compose()["services"]
    assert {*APPS, "proxy", "postgresql", "migrate"} <= set(services)
    assert len({services[app]["image"] for app in APPS}) == 1


def test_the_proxy_opens_once_every_instance_is_ready() -> None:
    services = _compose()["services"]
    for app in APPS:
        check = " ".join(services[app]["healthcheck"]["test"])
        assert "/readyz" in check
    assert services["proxy"]["depends_on"] == {
        app: {"condition": "service_healthy"} for app in APPS
    }


def test_every_instance_is_in_every_upstream() -> None:
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    upstreams = re.findall(r"upstream (\w+) \{(.*?)\}", conf, flags=re.S)
    assert len(upstreams) == 2
    for _, body in upstreams:
        assert sorted(re.findall(r"server (app\d):8080", body)) == list(APPS)
    assert "proxy_next_upstream error timeout;" in conf


def test_the_instances_share_postgresql_with_the_password_from_the_environment() -> None:
    settings = load_settings(DEPLOY / "config.toml")
    assert settings.uses_postgres
    assert settings.storage.database == "postgresql://casenotes@postgresql:5432/casenotes"
    services = _compose()["services"]
    for name in (*APPS, "migrate"):
        assert settings.storage.password_env in services[name]["environment"]
    assert "profiles" not in services["postgresql"]
    assert services["migrate"]["depends_on"] == {"postgresql": {"condition": "service_healthy"}}
