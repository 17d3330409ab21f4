#!/usr/bin/env python3
"""A mail server for the production smoke test: accepts every message over SMTP on a
loopback port and writes each, as received, to FOLDER/<n>.eml (with its envelope in the
first lines), so that the smoke test checks what a real mail server would have got.

    python scripts/smtp_sink.py --port 8025 --folder /tmp/mail

Production settings send by SMTP only (EMAIL_URL): this is what the smoke test gives them.
Runs until SIGTERM or SIGINT. Never for a deployment: it keeps every message on disk.
"""

import argparse
import itertools
import signal
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


class FolderHandler:
    """aiosmtpd's handler: one file per message, written once complete."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope) -> str:
        number = next(self.numbers)
        head = (f"X-Envelope-From: {envelope.mail_from}\n"
                f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\n").encode()
        partial = self.folder / f".{number}.eml.part"
        partial.write_bytes(head + envelope.original_content)
        partial.rename(self.folder / f"{number}.eml")  # readers never see half a message
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(FolderHandler(args.folder), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"smtp sink on 127.0.0.1:{args.port}, writing to {args.folder}", flush=True)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
