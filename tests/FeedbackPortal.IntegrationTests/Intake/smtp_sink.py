"""A real SMTP server for the receipt tests: aiosmtpd on 127.0.0.1, one JSON file per message.

Usage: python3 smtp_sink.py <port> <folder>. Prints "READY" once listening. Each message is
written as <folder>/<n>.json with the envelope, the decoded subject and the decoded text body,
plus the raw message as <n>.eml.
"""
import asyncio
import email
import email.header
import email.policy
import json
import os
import sys

from aiosmtpd.controller import Controller


class FolderHandler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "body": body.get_content() if body is not None else "",
        }
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".eml", "wb") as raw:
            raw.write(envelope.content)
        with open(base + ".json.tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(FolderHandler(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("READY", flush=True)
    try:
        sys.stdin.read()  # runs until the test closes stdin or kills the process
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
