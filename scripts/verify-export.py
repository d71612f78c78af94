#!/usr/bin/env python3
"""Check a Mashang export offline: recompute the hash chains of its tickets and audit lines.

Usage: verify-export.py FILE... [--heads]

FILE is a `mashang export` JSON-lines file of tickets (each line has "chain") or of the audit log (each line has
"atMs"). Needs only the Python standard library. The algorithm is docs/integrity.md's. Exits 1 naming every record
whose chain does not hold; with --heads prints each ticket's last hash, to compare with the live system's
ticket page or with another organisation's copy.
"""
import hashlib
import json
import sys


def field(value):
    if value is None:
        return b"~,"
    data = value.encode("utf-8")
    return str(len(data)).encode() + b":" + data + b","


def digest(tag, fields):
    return hashlib.sha256(b"".join(field(f) for f in [tag] + fields)).hexdigest()


def event_hash(number, link):
    return digest("mashang-event-v1", [
        link["prevHash"], number, str(link["sequence"]), link["type"], link["actor"], link.get("actorOrg"),
        str(link["occurredAt"]), link["contentDigest"]])


def audit_hash(line):
    return digest("mashang-audit-v1", [
        line["prevHash"], line["day"], str(line["atMs"]), line["actor"], line.get("organization"), line["action"],
        line["subject"], line["address"], line["detail"]])


def check_ticket(record, problems, heads):
    number = record["ticket"]["number"]
    previous = ""
    # An anonymised creation event (PIPL retention or erasure) no longer gives its digest; a later, chained
    # `requesterAnonymised` (or `requesterCorrected`) event names the digest of the payload that replaced it.
    attested = set()
    for link in record["chain"]:
        if link.get("type") in ("requesterAnonymised", "requesterCorrected") and link.get("payload"):
            attested.add(json.loads(link["payload"]).get("data", {}).get("creationDigest"))
    for index, link in enumerate(record["chain"]):
        name = f"ticket {number} event {link['sequence']}"
        if link["sequence"] != index + 1:
            problems.append(f"deleted: ticket {number} event {index + 1} (the chain jumps to {link['sequence']})")
            return
        if link.get("prevHash") != previous:
            problems.append(f"deleted or inserted: before {name} (not chained to the event before it)")
            return
        payload = link.get("payload")
        content = payload is not None and hashlib.sha256(payload.encode("utf-8")).hexdigest()
        if payload is not None and content != link["contentDigest"] and not (link["sequence"] == 1 and content in attested):
            problems.append(f"altered: {name} (its payload differs from its digest)")
            return
        if event_hash(number, link) != link.get("hash"):
            problems.append(f"altered: {name} (its fields no longer give its hash)")
            return
        previous = link["hash"]
    if len(record["chain"]) != len(record["events"]):
        problems.append(f"altered: ticket {number} ({len(record['events'])} events but {len(record['chain'])} chain links)")
    heads.append((number, len(record["chain"]), previous))


def check_audit(lines, problems):
    previous_by_day = {}
    for line in sorted(lines, key=lambda l: l["id"]):
        name = f"audit line {line['id']} ({line['day']})"
        # A day's first line in the copy may follow lines the copy does not hold (an export from a time of day).
        if line["day"] in previous_by_day and line.get("prevHash") != previous_by_day[line["day"]]:
            problems.append(f"deleted or inserted: before {name} (not chained to the line before it)")
        elif audit_hash(line) != line.get("hash"):
            problems.append(f"altered: {name} (its fields no longer give its hash)")
        previous_by_day[line["day"]] = line.get("hash")


def main(arguments):
    show_heads = "--heads" in arguments
    files = [a for a in arguments if a != "--heads"]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    problems, heads, audit, tickets = [], [], [], 0
    for path in files:
        with open(path, encoding="utf-8") as handle:
            for number, text in enumerate(handle, 1):
                if not text.strip():
                    continue
                record = json.loads(text)
                if "chain" in record:
                    tickets += 1
                    check_ticket(record, problems, heads)
                elif "atMs" in record:
                    audit.append(record)
                else:
                    problems.append(f"{path}:{number}: neither a ticket with its chain nor an audit line with its hash")
    check_audit(audit, problems)
    if show_heads:
        for number, count, head in heads:
            print(f"{number}\t{count}\t{head}")
    print(f"checked {tickets} tickets ({sum(h[1] for h in heads)} events) and {len(audit)} audit lines", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"CHANGED: {len(problems)} problems", file=sys.stderr)
        return 1
    print("intact: every chain in the copy recomputes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
