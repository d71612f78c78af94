"""A real full disk and a read-only data directory: the data directory is a small tmpfs of its own (mounting one needs
root, which CI has). A full disk refuses intake with 503, Retry-After and a message in the user's language while reads
go on; nothing acknowledged is lost, the database stays intact, and intake works again by itself once there is space.
A read-only data directory stops the server at start with a clear message and touches nothing; it starts as usual
once the directory can be written. (Linux refuses to remount a file system read-only while files on it are open for
writing, so a running server never finds its directory turned read-only under it.)"""
import errno
import os
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from conftest import BINARY, PASSWORD, IntakeLoad, Server, kill_started, seed
from test_crash_and_shutdown import verify


@pytest.fixture
def small_disk():
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    directory = tempfile.mkdtemp(prefix="mashang-small-disk-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", directory], check=True)
    yield directory
    kill_started()
    subprocess.run(["umount", "-l", directory], check=False)
    os.rmdir(directory)


def fill(directory):
    """Writes a file until the disk has no room left; returns its path."""
    path = Path(directory) / "filler"
    chunk = b"\0" * (256 * 1024)
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        for size in (16384, 4096, 512):  # the last few blocks
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError:
                pass
    return path


def integrity(directory):
    with sqlite3.connect(f"file:{directory}/mashang.sqlite?mode=ro", uri=True, timeout=10) as database:
        return database.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_full_disk_refuses_intake_keeps_everything_and_recovers(small_disk):
    seed(small_disk)
    server = Server(small_disk).start()
    token = server.token()
    load = IntakeLoad(server.base, threads=4).start()
    time.sleep(1.0)
    filler = fill(small_disk)
    deadline = time.time() + 60
    while load.statuses.get(503, 0) < 20 and time.time() < deadline:
        time.sleep(0.2)
    assert load.statuses.get(503, 0) >= 20, f"the full disk was never reported: {load.statuses}"

    # While the disk is full: a clear refusal in the user's language, and reads go on.
    refused = requests.post(server.base + "/api/v1/intake", json=IntakeLoad.body(99, 1), timeout=10,
                            headers={"Idempotency-Key": "full-disk-probe", "X-Forwarded-For": "10.8.0.1"})
    assert refused.status_code == 503 and refused.headers.get("Retry-After"), refused.text
    assert "暂时" in refused.json()["error"]["message"], refused.text
    english = requests.post(server.base + "/api/v1/intake", json=IntakeLoad.body(99, 2), timeout=10,
                            headers={"Idempotency-Key": "full-disk-probe-en", "X-Forwarded-For": "10.8.0.2", "Accept-Language": "en"})
    assert english.status_code == 503 and english.json()["error"]["message"].isascii(), english.text
    some = next(iter(load.acknowledged.values()))[0]
    assert requests.get(f"{server.base}/api/v1/tickets/{some}", headers={"Authorization": "Bearer " + token}, timeout=10).status_code == 200

    # Space returns: intake works again by itself, without a restart.
    filler.unlink()
    before = len(load.acknowledged)
    deadline = time.time() + 30
    while len(load.acknowledged) < before + 20 and time.time() < deadline:
        time.sleep(0.2)
    load.stop()
    assert len(load.acknowledged) >= before + 20, f"intake did not recover: {load.statuses}"
    assert not any(status >= 500 and status != 503 for status in load.statuses), load.statuses
    assert server.process.poll() is None
    verify(server, load)
    assert integrity(small_disk) == "ok"
    print("statuses while the disk filled and emptied:", load.statuses)


def test_a_read_only_data_directory_is_refused_at_start_and_touched_nothing(small_disk):
    seed(small_disk)
    before = {path.name: path.read_bytes() for path in Path(small_disk).iterdir()}
    subprocess.run(["mount", "-o", "remount,ro", small_disk], check=True)
    try:
        env = dict(os.environ, MASHANG_DEMO_PASSWORD=PASSWORD)
        env.pop("DATABASE_URL", None)
        started = subprocess.run([str(BINARY), "serve", "--data", small_disk, "--port", "1"], env=env,
                                 capture_output=True, text=True, timeout=60)
        assert started.returncode != 0
        message = started.stdout + started.stderr
        assert "数据目录" in message and "不可写" in message and "read-only" in message.lower(), message
        assert {path.name: path.read_bytes() for path in Path(small_disk).iterdir()} == before
    finally:
        subprocess.run(["mount", "-o", "remount,rw", small_disk], check=True)
    server = Server(small_disk).start()
    assert requests.post(server.base + "/api/v1/intake", json=IntakeLoad.body(1, 1), timeout=10,
                         headers={"Idempotency-Key": "after-read-only", "X-Forwarded-For": "10.8.1.1"}).status_code == 201
    assert integrity(small_disk) == "ok"
