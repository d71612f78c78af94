"""What `mashang serve` prints reaches a service manager's log at once, not when the server stops: the banner (where
to go, how to sign in) is in the output file while the server runs."""
import os
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from conftest import BINARY, PASSWORD, free_port


def test_the_banner_is_written_while_the_server_runs():
    data = tempfile.mkdtemp(prefix="mashang-banner-")
    port = free_port()
    env = dict(os.environ, MASHANG_DEMO_PASSWORD=PASSWORD)
    env.pop("DATABASE_URL", None)
    output = Path(data) / "out.log"
    with open(output, "w") as log:
        process = subprocess.Popen([str(BINARY), "serve", "--demo", "--data", data, "--port", str(port)], env=env,
                                   stdout=log, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 180
            while time.time() < deadline:
                try:
                    if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.3)
            text = output.read_text()
            assert "Staff workbench" in text and "demo data loaded" in text, text
        finally:
            process.terminate()
            process.wait(timeout=20)
