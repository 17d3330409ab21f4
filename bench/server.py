"""What the page and rush benchmarks share: the production environment, a gunicorn server
started and stopped by pid, and a small HTTP client that behaves like a browser behind the
TLS-terminating proxy (cookies, CSRF token, X-Forwarded-Proto/For)."""

import math
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def production_environment(*, port: int, redis_url: str, work: Path) -> dict:
    """Production settings' environment for a server on 127.0.0.1:`port` (bench.settings:
    production plus the query counter and the bare views). Set in this process too, so
    that it generates data with the same settings."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "REDIS_URL": redis_url,
        # A queue of its own: nothing consumes it; e-mails stay owed in the outbox.
        "CELERY_QUEUE": f"rit-bench-{os.getpid()}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        # Production settings require a mail server; none is reached, since no worker
        # consumes the queue.
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def collectstatic() -> None:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity",
                    "0"], cwd=ROOT, check=True)


class Gunicorn:
    """gunicorn serving the portal; stopped (its process group) by `stop`."""

    def __init__(self, *, port: int, workers: int, worker_class: str = "sync",
                 threads: int = 1, log: Path | None = None, root: Path = ROOT):
        self.port = port
        self.root = root  # the source tree served (bench/light.py: another version's)
        self.args = [str(VENV_BIN / "gunicorn"), "rit_portal.wsgi:application",
                     "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                     "--worker-class", worker_class, "--threads", str(threads),
                     "--timeout", "60",
                     # Other gunicorns on the machine share the default control socket path.
                     "--no-control-socket"]
        self.log = log or Path(tempfile.mkstemp(prefix="rit-bench-gunicorn-", suffix=".log")[1])
        self.process = None

    def start(self) -> "Gunicorn":
        self.process = subprocess.Popen(self.args, cwd=self.root, stdout=self.log.open("w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Client(self.port).get("/health/")[0] in (200, 503):
                    return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer; log: {self.log}")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
                             capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Client:
    """One browser: keeps its cookies; sends what the TLS proxy in front would add."""

    def __init__(self, port: int, client_ip: str = "198.51.100.7"):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.client_ip = client_ip
        self.connection = None

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None, referer: str | None = None):
        """(status, headers, body) of one request over a kept-alive connection."""
        sent = {"Host": self.host, "X-Forwarded-Proto": "https", "Accept-Language": "ja",
                "X-Forwarded-For": self.client_ip, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            sent.update({"Content-Type": "application/x-www-form-urlencoded",
                         "Origin": f"https://{self.host}",
                         "Referer": f"https://{self.host}{referer or path}"})
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (ConnectionError, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2 or form is not None:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def get(self, path: str, headers: dict | None = None):
        return self.request("GET", path, headers=headers)

    def csrf_token(self, path: str) -> str:
        status, _, body = self.get(path)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or found is None:
            raise RuntimeError(f"no form at {path}: {status}")
        return found.group(1).decode()

    def post_form(self, path: str, form: dict, token_from: str | None = None):
        token = self.csrf_token(token_from or path)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **form},
                            referer=token_from or path)

    def login(self, email: str, password: str, totp_key: str | None = None) -> None:
        status, headers, _ = self.post_form("/accounts/login/",
                                            {"username": email, "password": password})
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")
        if totp_key:
            from django_otp.oath import TOTP

            code = f"{TOTP(bytes.fromhex(totp_key)).token():06d}"
            status, headers, _ = self.post_form("/accounts/two-factor/verify/", {"code": code})
            if status != 302:
                raise RuntimeError(f"second factor of {email} answered {status}")


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `values`: the smallest value with at least `fraction`
    of them at or below it (p95 of 20 requests: the 19th fastest)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]
