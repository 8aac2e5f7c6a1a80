#!/usr/bin/env python3
"""Sends DSNs to an SMTP listener as a mail server forwarding a bounce domain would: each a
Postfix-shaped multipart/report to one VERP return path, over several connections, MAIL,
RCPT and DATA pipelined. Prints the rate on its last line: `DSNs: N in S s: R/s`.

The return paths are signed as Caravan signs them (HMAC-SHA256 of `b.d.<reader>.<issue>`
under CARAVAN_SECRET, 10 bytes in hex), for readers FIRST..FIRST+COUNT-1 of ISSUE, so every
DSN names a real copy. Against smtp-sink the same run is the driver's own ceiling.

  dsn_source.py --port 2526 --domain bounces.example.kz --secret S --issue 1 \
      --first 1 --count 20000 --connections 8
"""
import argparse
import asyncio
import hashlib
import hmac
import time


def return_path(secret: bytes, reader: int, issue: int, domain: str) -> str:
    tag = hmac.new(secret, f"b.d.{reader}.{issue}".encode(), hashlib.sha256).digest()[:10]
    return f"b-d{reader}-{issue}-{tag.hex()}@{domain}"


def dsn(rcpt: str, reader: int) -> bytes:
    # Each DSN its own Message-Id: the ledger stores each once, as it would real ones.
    text = (
        "From: MAILER-DAEMON@relay.example.org (Mail Delivery System)\r\n"
        f"To: {rcpt}\r\n"
        f"Message-Id: <dsn-{reader}-{time.time_ns()}@relay.example.org>\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; relay.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; reader{reader}@example.kz\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <reader@example.kz>: Recipient address rejected: "
        "User unknown in virtual mailbox table\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Return-Path: <{rcpt}>\r\nFrom: news@example.kz\r\nSubject: La lettre\r\n\r\n--B--\r\n"
    )
    return text.encode()


async def reply(reader: asyncio.StreamReader) -> str:
    while True:
        line = (await reader.readline()).decode()
        if not line:
            raise ConnectionError("the listener closed the connection")
        if len(line) < 4 or line[3] == " ":
            return line


async def connection(args, secret: bytes, readers: list, counts: dict):
    r, w = await asyncio.open_connection("127.0.0.1", args.port)
    await reply(r)
    w.write(b"EHLO relay.example.org\r\n")
    await reply(r)
    while readers:
        reader = readers.pop()
        rcpt = return_path(secret, reader, args.issue, args.domain)
        w.write(f"MAIL FROM:<>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\n".encode())
        await reply(r)
        to = await reply(r)
        data = await reply(r)
        if not data.startswith("354"):
            counts["refused"] += 1
            continue
        w.write(dsn(rcpt, reader) + b".\r\n")
        done = await reply(r)
        counts["ok" if done.startswith("250") and to.startswith("250") else "refused"] += 1
    w.write(b"QUIT\r\n")
    await w.drain()
    w.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--domain", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--issue", type=int, default=1)
    p.add_argument("--first", type=int, default=1)
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--connections", type=int, default=8)
    args = p.parse_args()
    readers = list(range(args.first + args.count - 1, args.first - 1, -1))
    counts = {"ok": 0, "refused": 0}
    start = time.monotonic()
    await asyncio.gather(
        *(connection(args, args.secret.encode(), readers, counts) for _ in range(args.connections))
    )
    seconds = time.monotonic() - start
    print(f"refused: {counts['refused']}")
    print(f"DSNs: {counts['ok']} in {seconds:.2f} s: {counts['ok'] / seconds:.0f}/s")


asyncio.run(main())
