"""Debian's nginx in front of app replicas on this machine, with deploy/nginx/batch-norm-lab.conf: the balancer of
deploy/compose.yaml, the same affinity rules, headers and timeouts. Only two things differ, both written here: the
listen address (a free local port, not port 80) and the replica list (local ports, not Compose's container names).

``ensure_nginx`` installs Debian's nginx when it is missing (``apt-get install -y nginx``, as root) or says why it
cannot; ``Balancer`` runs one nginx in the foreground in a scratch folder and reads its access log.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_CONF = ROOT / "deploy" / "nginx" / "batch-norm-lab.conf"
REPLICAS_CONF = "batch-norm-lab-replicas.conf"  # included by the site configuration, next to the main nginx.conf
LISTEN_LINE = "    listen 80;\n"
REPLICA_LINE = "server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n"  # Compose's options, a local address
NGINX = "/usr/sbin/nginx"
WORKER_USER = "nobody"  # nginx started as root runs its workers as this user (MAIN_CONF)
MAIN_CONF = """user {user} nogroup;
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    client_body_temp_path {dir}/temp/body;
    proxy_temp_path {dir}/temp/proxy;
    fastcgi_temp_path {dir}/temp/fastcgi;
    uwsgi_temp_path {dir}/temp/uwsgi;
    scgi_temp_path {dir}/temp/scgi;
    include {dir}/batch-norm-lab.conf;
}}
"""


class NginxUnavailable(RuntimeError):
    """Debian's nginx is missing and could not be installed; the message says why."""


def _apt(*arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(["apt-get", *arguments], capture_output=True, text=True, env=environment)


def ensure_nginx() -> str:
    """The nginx binary, installing Debian's package first when it is missing (and saying so)."""
    if Path(NGINX).exists():
        return NGINX
    if os.geteuid() != 0:
        raise NginxUnavailable("nginx is not installed and installing it needs root: run `apt-get install -y nginx`")
    print("nginx is missing: installing Debian's package (apt-get install -y nginx) ...", flush=True)
    result = _apt("install", "-y", "nginx")
    if result.returncode != 0:  # the package lists may be stale or absent
        _apt("update")
        result = _apt("install", "-y", "nginx")
    if result.returncode != 0 or not Path(NGINX).exists():
        raise NginxUnavailable(f"`apt-get install -y nginx` failed: {result.stderr.strip()[-300:]}")
    return NGINX


def site_config(listen_port: int) -> str:
    """deploy/nginx/batch-norm-lab.conf with its listen line moved to 127.0.0.1:``listen_port``."""
    text = SITE_CONF.read_text()
    if text.count(LISTEN_LINE) != 1:
        raise ValueError(f"{SITE_CONF} must have exactly one line {LISTEN_LINE.strip()!r}")
    return text.replace(LISTEN_LINE, f"    listen 127.0.0.1:{listen_port};\n")


def replicas_config(ports: list[int]) -> str:
    """The upstream's server lines for replicas on local ``ports``."""
    return "".join(REPLICA_LINE.format(port=port) for port in ports)


@dataclass(frozen=True)
class LogLine:
    status: int
    request: str  # e.g. "GET /_stcore/stream HTTP/1.1"
    upstream: str  # the replica that answered (the last address when nginx had to try another)
    affinity: str  # the learner's affinity key (their cookie), or their address before they have one

    @property
    def is_websocket(self) -> bool:
        """A websocket session, logged when it closes."""
        return self.status == 101 and " /_stcore/stream" in self.request


def parse_log_line(line: str) -> LogLine | None:
    """A line of the ``batch_norm_lab`` access log format, or None for anything else."""
    try:
        _, status, rest = line.split(" ", 2)
        request, fields = rest[1:].split('" ', 1)
        values = dict(item.split("=", 1) for item in fields.replace(", ", ",").split())
        return LogLine(int(status), request, values["upstream"].split(",")[-1], values["affinity"])
    except (ValueError, KeyError):
        return None


class Balancer:
    """nginx on 127.0.0.1:``port`` in front of replicas on ``replica_ports``, in a scratch folder of its own."""

    def __init__(self, port: int, replica_ports: list[int]):
        folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.folder, self.port = folder, port
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / "temp" / temp).mkdir(parents=True, exist_ok=True)
            shutil.chown(folder / "temp" / temp, user=WORKER_USER)  # nginx's workers write there
        folder.chmod(0o755)  # the workers reach their temp folders through it
        (folder / "batch-norm-lab.conf").write_text(site_config(port))
        (folder / REPLICAS_CONF).write_text(replicas_config(replica_ports))
        (folder / "nginx.conf").write_text(MAIN_CONF.format(dir=folder, user=WORKER_USER))
        self.access_log = folder / "access.log"
        self.process: subprocess.Popen | None = None

    def check(self) -> None:
        """``nginx -t`` on the configuration; raises with nginx's message if it is not valid."""
        result = subprocess.run(
            [NGINX, "-t", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")], capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"nginx rejects the configuration: {result.stderr.strip()}")

    def start(self) -> None:
        self.check()
        with open(self.access_log, "w") as log:
            self.process = subprocess.Popen(
                [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
                stdout=log,  # the site configuration logs to /dev/stdout, as in the nginx container
                stderr=subprocess.STDOUT,
            )
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer; its error log: {(self.folder / 'error.log').read_text()[-500:]}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()  # nginx's fast shutdown; writes the log lines of the websockets it closes
            self.process.wait(timeout=30)

    def log_lines(self) -> list[LogLine]:
        lines = (parse_log_line(line) for line in self.access_log.read_text(errors="replace").splitlines())
        return [line for line in lines if line is not None]

    def replica_of(self, affinity: str) -> str | None:
        """The replica that last answered a request carrying this affinity key (a learner's cookie)."""
        answered = [line.upstream for line in self.log_lines() if line.affinity == affinity and line.upstream != "-"]
        return answered[-1] if answered else None

    def error_count(self) -> int:
        """Lines of nginx's error log at level error or worse (a replica refusing a connection is one)."""
        path = self.folder / "error.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return sum(1 for line in text.splitlines() if any(f"[{level}]" in line for level in ("error", "crit")))
