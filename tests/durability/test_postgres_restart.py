"""PostgreSQL restarted under intake load: while it is down requests fail fast with 503 and Retry-After, the server
recovers by itself when it returns, and nothing acknowledged is lost. Runs its own throwaway cluster (skipped where
PostgreSQL's programs are not installed)."""
import glob
import os
import shutil
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import IntakeLoad, Server, free_port, seed
from test_crash_and_shutdown import verify

PGBIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1] if glob.glob("/usr/lib/postgresql/*/bin") else None


class Cluster:
    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="mashang-pg-")
        self.port = free_port()
        self.root = os.getuid() == 0
        if self.root:
            shutil.chown(self.directory, "postgres")
        self.run(f"{PGBIN}/initdb -D {self.directory}/data -U postgres --auth=trust -E UTF8 >/dev/null")
        self.start()
        self.run(f"{PGBIN}/psql -h 127.0.0.1 -p {self.port} -U postgres -c 'CREATE DATABASE mashang' >/dev/null")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/mashang?sslmode=disable"

    def run(self, command):
        if self.root:
            command = "su postgres -s /bin/bash -c " + subprocess.list2cmdline([command])
        subprocess.run(command, shell=True, check=True)

    def start(self):
        self.run(f"{PGBIN}/pg_ctl -D {self.directory}/data -l {self.directory}/log -w "
                 f"-o '-p {self.port} -h 127.0.0.1 -k {self.directory} -c max_connections=100' start >/dev/null")

    def stop(self):
        self.run(f"{PGBIN}/pg_ctl -D {self.directory}/data -m fast -w stop >/dev/null")

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.mark.skipif(PGBIN is None, reason="PostgreSQL is not installed")
def test_a_postgres_restart_is_503_while_down_and_recovers_by_itself(data_dir):
    cluster = Cluster()
    try:
        env = {"DATABASE_URL": cluster.url}
        seed(data_dir, env)
        server = Server(data_dir, env).start()
        load = IntakeLoad(server.base).start()
        time.sleep(1.5)
        acknowledged_before = len(load.acknowledged)
        cluster.stop()
        time.sleep(3)
        during = dict(load.statuses)
        cluster.start()
        # The server finds the database again without being restarted.
        deadline = time.time() + 30
        recovered = False
        while time.time() < deadline and not recovered:
            before = len(load.acknowledged)
            time.sleep(1)
            recovered = len(load.acknowledged) > before
        load.stop()
        assert acknowledged_before > 0 and recovered, load.statuses
        assert during.get(503, 0) > 0, during
        assert "5" in load.retry_after
        # Failing fast: a refused request does not hang while the database is away.
        assert sorted(load.fast_503)[len(load.fast_503) // 2] < 1.0, load.fast_503[:20]
        # None waits for the pool: a request queued behind a failed connection attempt is answered with it (ConnectionGate).
        assert max(load.fast_503) < 5.0, sorted(load.fast_503)[-20:]
        assert not any(status >= 500 and status != 503 for status in load.statuses), load.statuses
        assert server.process.poll() is None
        verify(server, load)
        server.process.terminate()
        server.process.wait(timeout=90)
    finally:
        cluster.remove()
