"""A real SMTP server for the tests (aiosmtpd), on a loopback port.

Every accepted message is written to DIR as NNNNNN.eml (raw bytes, as
received) with its envelope recipients in NNNNNN.rcpt, one per line; the
.eml appears only once complete. CONTROL is a JSON file read at every RCPT:
{"defer_once": [addresses answered 451 the first time],
 "reject": [addresses always answered 550],
 "delay_ms": milliseconds to wait before answering each DATA,
 "delay_for": {address: milliseconds to wait before answering its DATA}}.

Usage: python3 smtp_server.py PORT DIR CONTROL
"""

import asyncio
import json
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, out_dir, control):
        self.out_dir = out_dir
        self.control = control
        self.deferred = set()
        self.count = 0

    def rules(self):
        try:
            with open(self.control, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        rules = self.rules()
        key = address.lower()
        if key in (a.lower() for a in rules.get("reject", [])):
            return "550 5.1.1 Mailbox unavailable"
        if key in (a.lower() for a in rules.get("defer_once", [])) and key not in self.deferred:
            self.deferred.add(key)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        rules = self.rules()
        delay = rules.get("delay_ms", 0)
        slow = {a.lower(): ms for a, ms in rules.get("delay_for", {}).items()}
        delay = max([delay] + [slow.get(a.lower(), 0) for a in envelope.rcpt_tos])
        if delay:
            await asyncio.sleep(delay / 1000)
        self.count += 1
        base = os.path.join(self.out_dir, "%06d" % self.count)
        with open(base + ".rcpt", "w", encoding="utf-8") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        with open(base + ".tmp", "wb") as f:
            f.write(content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 Message accepted"


def main():
    port, out_dir, control = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(out_dir, exist_ok=True)
    controller = Controller(Handler(out_dir, control), hostname="127.0.0.1", port=port)
    controller.start()
    print("READY", flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
