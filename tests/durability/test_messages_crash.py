"""Messages to requesters survive a SIGKILL mid-send: none is lost (each is sent, or dead-lettered as "outcome unknown"
for an administrator to check and resend) and none reaches the gateway twice (the fake gateway counts)."""
import random
import sqlite3
import time
from pathlib import Path

from conftest import IntakeLoad, Server, seed
from fake_sms import TEMPLATES, FakeAliyunSMS


def outbox(data):
    with sqlite3.connect(Path(data) / "mashang.sqlite") as database:
        return database.execute("SELECT id, ticket, status, last_error FROM outbox_messages").fetchall()


def test_sigkill_while_texting_sends_none_twice_and_loses_none(data_dir):
    gateway = FakeAliyunSMS("durability-key", "durability-secret", delay=0.01)
    settings = dict(
        MASHANG_SMS_PROVIDER="aliyun", MASHANG_SMS_KEY_ID="durability-key", MASHANG_SMS_KEY_SECRET="durability-secret",
        MASHANG_SMS_SIGN_NAME="码上就办", MASHANG_SMS_ENDPOINT=f"http://127.0.0.1:{gateway.port}/",
        MASHANG_SMS_TEMPLATES=",".join(f"{k}={v}" for k, v in TEMPLATES.items()), MASHANG_SMS_QUIET_HOURS="off",
        MASHANG_SMS_DAILY_CAP="100")
    try:
        seed(data_dir)
        server = Server(data_dir, settings).start()
        acknowledged = {}
        for _ in range(2):
            load = IntakeLoad(server.base, threads=4, consent=True).start()
            # The dispatcher drains every few seconds: the kill falls while it sends.
            time.sleep(random.uniform(6.0, 9.0))
            server.kill()
            load.stop()
            acknowledged.update({number: key for key, (number, _, _) in load.acknowledged.items()})
            assert gateway.messages, "nothing was sent before the kill"
            server.start()
        # Let the last node drain the outbox.
        deadline = time.time() + 90
        while time.time() < deadline and any(status in ("pending", "sending") for _, _, status, _ in outbox(data_dir)):
            time.sleep(1)
        rows = outbox(data_dir)
        counts = gateway.count_by_out_id()
        assert all(count == 1 for count in counts.values()), {k: v for k, v in counts.items() if v > 1}
        by_ticket = {ticket: (str(row_id), status, error) for row_id, ticket, status, error in rows}
        # Every acknowledged request owes its requester a message, and it is there: sent once, or dead-lettered as
        # unknown (the node died between handing it over and hearing back), never silently pending or lost.
        for number in acknowledged:
            row_id, status, error = by_ticket[number]
            assert status in ("sent", "dead"), (number, status)
            if status == "sent":
                assert counts.get(row_id) == 1, (number, row_id)
            else:
                assert error.startswith("outcome unknown"), error
        unknown = [row for row in rows if row[2] == "dead"]
        print(f"{len(acknowledged)} acknowledged, {len(counts)} texted once, {len(unknown)} outcome unknown after 2 kills")
        # A node hands up to 16 recipients' messages over at once (MessageDispatcher.concurrentRecipients): at most
        # that many in flight at each of the two kills.
        assert len(unknown) <= 32, unknown
    finally:
        gateway.close()
