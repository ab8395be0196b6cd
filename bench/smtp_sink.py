#!/usr/bin/env python3
"""An SMTP server on loopback that accepts every message as fast as it can,
for the mail-drain benchmark (bench/drain.sh). Raw asyncio, no library:
EHLO (announcing PIPELINING, 8BITMIME, SMTPUTF8, SIZE), HELO, MAIL, RCPT,
DATA (read until CRLF.CRLF), RSET, NOOP, QUIT; pipelined commands are
answered in order, in one write per batch of input. Nothing is parsed
beyond the command lines: a message is counted when its terminating dot
arrives, with the time (wall clock) and its RCPT TO addresses.

Usage: smtp_sink.py PORT OUT
Writes OUT when stopped (SIGTERM or SIGINT): one line per message,
"<unix time>\t<recipient>[,<recipient>...]", in order of arrival.
Prints "listening" once the port is open."""
import asyncio
import signal
import sys
import time

arrivals = []  # (time, recipients)

EHLO = (b"250-sink.bench\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
        b"250 SIZE 52428800\r\n")


class Session(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buf = bytearray()
        self.in_data = False
        self.scan = 0  # where to look for the end of DATA next
        self.rcpts = []
        transport.write(b"220 sink.bench ESMTP ready\r\n")

    def data_received(self, data):
        self.buf += data
        out = []
        closing = False
        while True:
            if self.in_data:
                if self.buf.startswith(b".\r\n"):  # an empty message
                    end, cut = 0, 3
                else:
                    end = self.buf.find(b"\r\n.\r\n", self.scan)
                    cut = end + 5
                if end < 0:
                    self.scan = max(0, len(self.buf) - 4)
                    break
                del self.buf[:cut]
                self.scan = 0
                self.in_data = False
                arrivals.append((time.time(), self.rcpts))
                self.rcpts = []
                out.append(b"250 2.0.0 queued\r\n")
                continue
            nl = self.buf.find(b"\r\n")
            if nl < 0:
                break
            line = bytes(self.buf[:nl])
            del self.buf[:nl + 2]
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.rcpts = []
                out.append(EHLO)
            elif verb == b"HELO":
                self.rcpts = []
                out.append(b"250 sink.bench\r\n")
            elif verb == b"MAIL":
                self.rcpts = []
                out.append(b"250 2.1.0 OK\r\n")
            elif verb == b"RCPT":
                start, stop = line.find(b"<"), line.find(b">")
                self.rcpts.append(line[start + 1:stop].decode("utf-8", "replace"))
                out.append(b"250 2.1.5 OK\r\n")
            elif verb == b"DATA":
                if self.rcpts:
                    self.in_data = True
                    self.scan = 0
                    out.append(b"354 end with <CRLF>.<CRLF>\r\n")
                else:
                    out.append(b"554 5.5.1 no valid recipients\r\n")
            elif verb == b"RSET":
                self.rcpts = []
                out.append(b"250 2.0.0 OK\r\n")
            elif verb == b"NOOP":
                out.append(b"250 2.0.0 OK\r\n")
            elif verb == b"QUIT":
                out.append(b"221 2.0.0 bye\r\n")
                closing = True
                break
            else:
                out.append(b"502 5.5.2 command not recognised\r\n")
        if out:
            self.transport.write(b"".join(out))
        if closing:
            self.transport.close()


def main():
    port, out_path = int(sys.argv[1]), sys.argv[2]
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(Session, "127.0.0.1", port, backlog=1024, reuse_address=True))
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    print("listening", flush=True)
    loop.run_until_complete(stop)
    server.close()
    with open(out_path, "w", encoding="utf-8") as f:
        for t, rcpts in arrivals:
            f.write(f"{t:.6f}\t{','.join(rcpts)}\n")


if __name__ == "__main__":
    main()
