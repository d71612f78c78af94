"""Browser tests: a real Mashang server (the debug build, SQLite, demo data) driven by headless Chromium."""
import os
import sys
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
# Test doubles shared by the suites (tests/support).
sys.path.insert(0, str(ROOT / "tests" / "support"))
PASSWORD = "browser-test-pass"
SCREENSHOTS = Path(os.environ.get("MASHANG_SCREENSHOTS", ROOT / ".build" / "screenshots"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    yield from serve()


def serve(port=None, **settings):
    """Runs a demo server on SQLite until the generator is closed; `settings` are extra environment variables."""
    binary = ROOT / ".build" / "debug" / "mashang"
    assert binary.exists(), f"{binary} is missing: run swift build first"
    data = tempfile.mkdtemp(prefix="mashang-browser-")
    port = port or free_port()
    # One session-wide server takes every test's submissions from 127.0.0.1: more than one address may make.
    env = dict(os.environ, MASHANG_DEMO_PASSWORD=PASSWORD, MASHANG_INTAKE_PER_ADDRESS="1000", **settings)
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen([str(binary), "serve", "--demo", "--port", str(port), "--data", data], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if requests.get(base + "/health", timeout=1).json() == {"status": "ok"}:
                break
        except requests.RequestException:
            pass
        time.sleep(0.5)
    else:
        process.kill()
        raise RuntimeError("server did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(data, ignore_errors=True)


def chromium(width, height):
    """Headless Chromium of the given window size, asking for Chinese pages. Headless windows are never narrower than
    500 px, so a phone's width is emulated (as a phone's screen, with the page's viewport) rather than asked of the
    window."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={max(width, 500)},{height}",
                     "--lang=zh-CN"]:
        options.add_argument(argument)
    if width < 500:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0}})
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture
def phone():
    """A phone-sized browser for residents."""
    driver = chromium(390, 844)
    yield driver
    driver.quit()


@pytest.fixture
def desk():
    """A desktop browser for staff."""
    driver = chromium(1280, 1600)
    yield driver
    driver.quit()


class Staff:
    """The staff side through the JSON API, until the staff pages exist."""

    def __init__(self, base):
        self.base = base
        self.tokens = {}

    def token(self, username):
        if username not in self.tokens:
            answer = requests.post(self.base + "/api/v1/auth/token", json={"username": username, "password": PASSWORD})
            answer.raise_for_status()
            self.tokens[username] = answer.json()["token"]
        return self.tokens[username]

    def act(self, username, number, action, body=None):
        answer = requests.post(f"{self.base}/api/v1/tickets/{number}/{action}", json=body or {},
                               headers={"Authorization": "Bearer " + self.token(username)})
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture
def staff(server):
    return Staff(server)
