"""Durability tests: a real Mashang server (the debug build) killed, stopped and starved while requests come in."""
import os
import sys
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
# Test doubles shared by the suites (tests/support).
sys.path.insert(0, str(ROOT / "tests" / "support"))
BINARY = ROOT / ".build" / "debug" / "mashang"
PASSWORD = "durability-pass-1"


STARTED = []  # every server a test started, stopped when its test ends


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `mashang serve` process on a data directory (or DATABASE_URL), trusting loopback as a proxy."""

    def __init__(self, data, env=None):
        self.data = data
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, MASHANG_TRUSTED_PROXIES="127.0.0.1", MASHANG_DEMO_PASSWORD=PASSWORD, LOG_LEVEL="info", **(env or {}))
        self.env.pop("DATABASE_URL", None) if not (env or {}).get("DATABASE_URL") else None
        self.log = open(Path(data) / "server.log", "a")
        self.process = None

    def start(self, timeout=120):
        STARTED.append(self)
        self.process = subprocess.Popen([str(BINARY), "serve", "--data", self.data, "--port", str(self.port)], env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if requests.get(self.base + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            assert self.process.poll() is None, f"server exited: {Path(self.data, 'server.log').read_text()[-2000:]}"
            time.sleep(0.2)
        raise AssertionError("server did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def token(self, username="joint.dispatcher"):
        answer = requests.post(self.base + "/api/v1/auth/token", json={"username": username, "password": PASSWORD}, timeout=10)
        answer.raise_for_status()
        return answer.json()["token"]


def seed(data, env=None):
    """The demo configuration and users, and one ticket (`mashang seed --synthetic 1`)."""
    environment = dict(os.environ, MASHANG_DEMO_PASSWORD=PASSWORD, **(env or {}))
    if not (env or {}).get("DATABASE_URL"):
        environment.pop("DATABASE_URL", None)
    subprocess.run([str(BINARY), "seed", "--synthetic", "1", "--data", data], env=environment, check=True, capture_output=True)


class IntakeLoad:
    """Threads submitting public intake, each request with its own Idempotency-Key and forwarded address; remembers
    which keys were acknowledged (201/200 with a number) and which were sent without an answer."""

    def __init__(self, base, threads=8, consent=False):
        self.base = base
        self.consent = consent  # requesters agree to text messages
        self.acknowledged = {}   # key -> number
        self.unanswered = set()  # keys sent, no answer (connection cut)
        self.statuses = {}
        self.fast_503 = []       # seconds a 503 took
        self.retry_after = set()
        self.cut = 0             # connections that ended without an answer
        self.cut_keys = set()
        self.cut_errors = set()
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self.loop, args=(i,), daemon=True) for i in range(threads)]

    @staticmethod
    def body(i, n, consent=False):
        body = {"intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak",
                "description": f"负载测试诉求 {i}-{n}:楼顶漏水", "requester": {"name": "居民", "phone": f"139{i:02d}{n % 1000000:06d}"}}
        if consent:
            body["smsConsent"] = True
        return body

    def send(self, key, i, n):
        return requests.post(self.base + "/api/v1/intake", json=self.body(i, n, self.consent), timeout=10,
                             headers={"Idempotency-Key": key, "X-Forwarded-For": f"10.9.{i}.{n % 250}"})

    def loop(self, i):
        n = 0
        session_errors = 0
        while self.running:
            n += 1
            key = f"dur-{uuid.uuid4()}"
            started = time.time()
            try:
                answer = self.send(key, i, n)
            except requests.RequestException as error:
                with self.lock:
                    self.unanswered.add((key, i, n))
                    # No connection made (refused, or never established): the server did not take the request.
                    # Anything else: a connection it accepted ended without an answer.
                    text = str(error)
                    if "refused" not in text.lower() and "NewConnectionError" not in text:
                        self.cut += 1
                        self.cut_keys.add(key)
                        self.cut_errors.add(type(error).__name__ + ": " + str(error)[:160])
                session_errors += 1
                time.sleep(0.05)
                continue
            with self.lock:
                self.statuses[answer.status_code] = self.statuses.get(answer.status_code, 0) + 1
                if answer.status_code in (200, 201):
                    self.acknowledged[key] = (answer.json()["number"], i, n)
                elif answer.status_code == 503:
                    self.fast_503.append(time.time() - started)
                    if answer.headers.get("Retry-After"):
                        self.retry_after.add(answer.headers["Retry-After"])
                    self.unanswered.add((key, i, n))

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=15)


def kill_started():
    """Kills every server the test started that still runs."""
    for server in STARTED:
        if server.process and server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=10)
    STARTED.clear()


@pytest.fixture
def data_dir():
    assert BINARY.exists(), f"{BINARY} is missing: run swift build first"
    directory = tempfile.mkdtemp(prefix="mashang-durability-")
    yield directory
    kill_started()
    shutil.rmtree(directory, ignore_errors=True)
