"""The replica deployment without Docker: deploy/compose.yaml, deploy/nginx/ and the Dockerfile agree with each other
(the same app port everywhere, affinity on, websocket upgrade headers, timeouts longer than a learner's idle time),
the balancer configuration is valid for nginx, and the files the Dockerfile copies are enough to run every page.

The Compose file is read by ``read_block_yaml``, a strict reader of the plain block YAML it is written in (mappings,
lists and scalars, no flow collections, anchors or multi-line strings): anything else fails the test.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.balancer import NGINX, REPLICA_LINE, REPLICAS_CONF, Balancer, site_config
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
NGINX_SITE = (DEPLOY / "nginx" / "batch-norm-lab.conf").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()
LEARNER_IDLE_SECONDS = 3600  # a learner may read one page for an hour; their connection must outlive that
STREAMLIT_PING_SECONDS = 30  # the server pings its websockets this often (Streamlit 1.67's default)


def _scalar(text: str):
    text = text.strip()
    if text[:1] in "[{&*|>!":
        raise ValueError(f"not plain block YAML: {text!r}")
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'" else text


def read_block_yaml(text: str) -> dict:
    """Mappings, lists of scalars and scalars, in block style, with comments; raises ValueError on anything else."""
    lines = []
    for raw in text.splitlines():
        content = re.sub(r"\s+#.*$", "", raw) if not raw.lstrip().startswith("#") else ""
        if content.strip():
            lines.append((len(content) - len(content.lstrip(" ")), content.strip()))

    def block(start: int, indent: int):
        items, position, is_list = {}, start, lines[start][1].startswith("- ")
        result = [] if is_list else items
        while position < len(lines) and lines[position][0] == indent:
            text = lines[position][1]
            if is_list != text.startswith("- "):
                raise ValueError(f"a list and a mapping mixed at {text!r}")
            if is_list:
                result.append(_scalar(text[2:]))
                position += 1
                continue
            key, _, value = text.partition(":")
            if value.strip():
                items[key.strip()] = _scalar(value)
                position += 1
            elif position + 1 < len(lines) and lines[position + 1][0] > indent:
                items[key.strip()], position = block(position + 1, lines[position + 1][0])
            else:
                raise ValueError(f"a key without a value: {text!r}")
        if position < len(lines) and lines[position][0] > indent:
            raise ValueError(f"unexpected indentation at {lines[position][1]!r}")
        return result, position

    document, end = block(0, 0)
    if end != len(lines):
        raise ValueError(f"unexpected indentation at {lines[end][1]!r}")
    return document


COMPOSE = read_block_yaml((DEPLOY / "compose.yaml").read_text())
APP, BALANCER = COMPOSE["services"]["app"], COMPOSE["services"]["balancer"]


def directive(name: str, text: str = NGINX_SITE) -> list[str]:
    """The arguments of every ``name ...;`` directive in an nginx configuration, comments removed."""
    text = re.sub(r"#[^\n]*", "", text)
    return [match.strip() for match in re.findall(rf"(?:^|[{{;\s]){re.escape(name)}\s+([^;{{]*);", text)]


def block_of(header: str) -> str:
    """The text inside ``header { ... }`` (one level of nested braces)."""
    match = re.search(rf"{re.escape(header)}\s*\{{((?:[^{{}}]|\{{[^{{}}]*\}})*)\}}", re.sub(r"#[^\n]*", "", NGINX_SITE))
    assert match, header
    return match.group(1)


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m|h)?", value).groups()
    return int(number) * {"s": 1, "m": 60, "h": 3600, None: 1}[unit]


def test_block_yaml_reader_refuses_what_it_cannot_read():
    for text in ("a: [1, 2]", "a: &x 1", "a:\n  - 1\n  b: 2", "a:\n    b: 1\n  c: 2", "a:"):
        with pytest.raises(ValueError):
            read_block_yaml(text)
    assert read_block_yaml("a:\n  b: '1'  # note\n  c:\n    - x\n") == {"a": {"b": "1", "c": ["x"]}}


def test_one_app_port_everywhere():
    port = re.search(r"^\s*PORT=(\d+)", DOCKERFILE, re.MULTILINE).group(1)
    assert re.search(rf"^EXPOSE {port}$", DOCKERFILE, re.MULTILINE)
    assert APP["environment"]["PORT"] == port
    assert BALANCER["environment"]["APP_PORT"] == port
    assert "${APP_PORT}" in (DEPLOY / "nginx" / "replicas.sh").read_text()


def test_the_balancer_listens_where_compose_publishes():
    (published,) = BALANCER["ports"]
    assert published.endswith(f":{directive('listen')[0]}")


def test_compose_runs_n_replicas_default_three_and_tells_the_balancer():
    assert APP["deploy"]["replicas"] == "${REPLICAS:-3}"
    assert BALANCER["environment"]["REPLICAS"] == APP["deploy"]["replicas"]
    assert BALANCER["environment"]["PROJECT"] == f"${{COMPOSE_PROJECT_NAME:-{COMPOSE['name']}}}"
    assert BALANCER["depends_on"]["app"]["condition"] == "service_healthy"  # only warm replicas get learners
    assert APP["build"] == {"context": "..", "dockerfile": "Dockerfile"}


def test_compose_mounts_the_site_and_the_replica_list_writer():
    mounts = dict(volume.rsplit(":", 1)[0].split(":") for volume in BALANCER["volumes"])
    assert mounts["./nginx/batch-norm-lab.conf"] == "/etc/nginx/conf.d/default.conf"
    assert mounts["./nginx/replicas.sh"].startswith("/docker-entrypoint.d/")
    for source in mounts:
        assert (DEPLOY / source).is_file(), source
    assert os.access(DEPLOY / "nginx" / "replicas.sh", os.X_OK)  # the image's entrypoint runs only executables
    version = tuple(map(int, re.search(r"nginx:(\d+)\.(\d+)", BALANCER["image"]).groups()))
    assert version >= (1, 28)  # "server ... resolve" in an upstream needs 1.27.3


def test_replica_list_writer_gives_each_replica_its_own_server_line(tmp_path):
    out = tmp_path / REPLICAS_CONF
    environment = {"REPLICAS": "3", "PROJECT": COMPOSE["name"], "APP_PORT": APP["environment"]["PORT"]}
    subprocess.run(
        ["sh", str(DEPLOY / "nginx" / "replicas.sh")],
        env={**environment, "REPLICAS_CONF": str(out), "PATH": os.environ["PATH"]},
        check=True,
        capture_output=True,
    )
    servers = directive("server", out.read_text())
    assert servers == [f"batch-norm-lab-app-{i}:8501 resolve max_fails=1 fail_timeout=10s" for i in (1, 2, 3)]
    # the benchmark's local replicas are failed over with the same settings
    (local,) = directive("server", REPLICA_LINE.format(port=8501))
    assert local.split()[1:] == [option for option in servers[0].split()[1:] if option != "resolve"]


def test_affinity_is_on_and_keyed_by_the_cookie_the_balancer_sets():
    upstream = block_of("upstream batch_norm_lab")
    assert directive("hash", upstream) == ["$affinity_key consistent"]
    assert directive("include", upstream) == [REPLICAS_CONF]
    assert directive("proxy_pass") == ["http://batch_norm_lab"]
    key_map = block_of("map $cookie_bnlab_affinity $affinity_key")
    assert re.search(r"default\s+\$cookie_bnlab_affinity", key_map)
    cookie_map = block_of("map $cookie_bnlab_affinity $affinity_cookie")
    assert re.search(r'""\s+"bnlab_affinity=\$request_id; Path=/; HttpOnly; SameSite=Lax"', cookie_map)
    assert directive("add_header") == ["Set-Cookie $affinity_cookie always"]


def test_websocket_upgrade_headers_and_the_host_streamlit_checks():
    headers = dict(value.split(None, 1) for value in directive("proxy_set_header"))
    assert directive("proxy_http_version") == ["1.1"]
    assert headers["Upgrade"] == "$http_upgrade"
    assert headers["Connection"] == "$connection_upgrade"
    assert re.search(r"default\s+upgrade;", block_of("map $http_upgrade $connection_upgrade"))
    assert headers["Host"] == "$http_host"  # with the port: Streamlit compares the websocket's Origin with it


def test_timeouts_outlive_an_idle_learner():
    for name in ("proxy_read_timeout", "proxy_send_timeout"):
        (value,) = directive(name)
        assert seconds(value) >= LEARNER_IDLE_SECONDS > STREAMLIT_PING_SECONDS


@pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is not installed (apt-get install -y nginx)")
def test_nginx_accepts_the_site_as_the_benchmark_runs_it():
    balancer = Balancer(8080, [8501, 8502])
    try:
        balancer.check()
    finally:
        shutil.rmtree(balancer.folder)


def test_the_benchmark_changes_only_the_listen_line():
    changed = [line for line in site_config(9999).splitlines() if line not in NGINX_SITE.splitlines()]
    assert changed == ["    listen 127.0.0.1:9999;"]


def test_dockerfile_slim_311_runtime_requirements_non_root_healthcheck_port_from_environment():
    assert re.search(r"^FROM python:3\.11-slim", DOCKERFILE, re.MULTILINE)
    assert re.findall(r"pip install[^\n]*", DOCKERFILE) == ["pip install -r requirements.txt"]
    (user,) = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert user not in {"root", "0"}
    assert DOCKERFILE.index("USER ") > DOCKERFILE.index("RUN pip install")
    assert "COPY .streamlit/config.toml .streamlit/config.toml" in DOCKERFILE
    healthcheck = DOCKERFILE[DOCKERFILE.index("HEALTHCHECK") :].split("\n\n")[0]
    assert "/_stcore/health" in healthcheck and "PORT" in healthcheck
    assert re.search(r'^CMD \[.*--server\.port \\"\$PORT\\".*\]$', DOCKERFILE, re.MULTILINE)
    assert "scripts.serve" in DOCKERFILE  # the warm start


def copied_paths() -> list[str]:
    return [line.split()[1] for line in DOCKERFILE.splitlines() if line.startswith("COPY ")]


def test_dockerignore_keeps_out_nothing_the_image_copies():
    ignored = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if line and not line.startswith("#")]
    for path in copied_paths():
        assert not any(Path(path).match(pattern) or path.split("/")[0] == pattern for pattern in ignored), path


RUN_FROM_IMAGE_TREE = """
import pathlib, sys
import scripts.serve
from streamlit.testing.v1 import AppTest
pages = [pathlib.Path("app.py")] + sorted(pathlib.Path("pages").glob("*.py"))
for page in pages:
    at = AppTest.from_file(str(page), default_timeout=120)
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
here = pathlib.Path.cwd().resolve()
ours = [m for name, m in sys.modules.items() if name.split(".")[0] in {"bncore", "ui", "quizzes", "scripts"}]
files = {m.__name__: pathlib.Path(m.__file__).resolve() for m in ours if getattr(m, "__file__", None)}
outside = sorted(name for name, file in files.items() if here not in file.parents)
assert not outside, f"imported from outside the image's files: {outside}"
print("ok", len(pages))
"""


def test_the_files_the_image_copies_run_every_page(tmp_path):
    for path in copied_paths():
        source, target = ROOT / path, tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full"}
    environment.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-c", RUN_FROM_IMAGE_TREE],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == f"ok {1 + len(list((ROOT / 'pages').glob('*.py')))}"
