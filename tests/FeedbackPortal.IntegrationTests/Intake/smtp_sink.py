"""A real SMTP server for the e-mail tests: aiosmtpd on 127.0.0.1, one JSON file per message.

Usage: python3 smtp_sink.py <port> <folder> [--tls-cert C --tls-key K --mode starttls|implicit]
       [--auth user:password]
Prints "READY" once listening. Each message is written as <folder>/<n>.json with the envelope,
the decoded subject and bodies, the raw headers that matter, the client's port (one per
connection), whether TLS and AUTH were used, plus the raw message as <n>.eml. A recipient whose
address starts with "bounce" is refused with 550; each such attempt is appended to
<folder>/rejected.log.
"""
import argparse
import email
import email.policy
import json
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class FolderHandler:
    def __init__(self, folder, implicit_tls):
        self.folder = folder
        self.implicit_tls = implicit_tls
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("bounce"):
            with open(os.path.join(self.folder, "rejected.log"), "a", encoding="utf-8") as log:
                log.write(address + "\n")
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        raw_headers = email.message_from_bytes(envelope.content, policy=email.policy.compat32)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "raw_subject": str(raw_headers["Subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "message_id": str(message["message-id"] or ""),
            "date": str(message["date"] or ""),
            "content_type": message.get_content_type(),
            "body": text.get_content() if text is not None else "",
            "html": html.get_content() if html is not None else "",
            "peer_port": session.peer[1],
            "tls": self.implicit_tls or session.ssl is not None,
            "auth": session.authenticated and str(session.auth_data.login, "utf-8") or "",
        }
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".eml", "wb") as raw:
            raw.write(envelope.content)
        with open(base + ".json.tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--mode", choices=["starttls", "implicit"], default="starttls")
    parser.add_argument("--auth")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)

    kwargs = {}
    context = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    if context is not None and args.mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            ok = data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=ok, handled=False, auth_data=data)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=context is not None and args.mode == "starttls")

    implicit = context is not None and args.mode == "implicit"
    handler = FolderHandler(args.folder, implicit)
    if implicit:
        controller = Controller(handler, hostname="127.0.0.1", port=args.port,
                                ssl_context=context, server_hostname="localhost", **kwargs)
    else:
        controller = Controller(handler, hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()
    print("READY", flush=True)
    try:
        sys.stdin.read()  # runs until the test closes stdin or kills the process
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
