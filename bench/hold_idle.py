#!/usr/bin/env python3
"""Hold N idle keep-alive connections to 127.0.0.1:PORT for bench/serve.sh.

Usage: hold_idle.py PORT N SECONDS
Opens N TCP connections (each sends nothing), prints "open N" once they are all established,
then holds them until SECONDS pass or stdin closes, and prints how many the server had closed.
Loopback only; bounded in time and count.
"""
import resource
import select
import socket
import sys
import time


def main():
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    count = min(count, 50000)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 100), hard))
    conns = []
    deadline = time.monotonic() + min(seconds, 600)
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
        conns.append(s)
    print("open %d" % len(conns), flush=True)
    while time.monotonic() < deadline:
        r, _, _ = select.select([sys.stdin], [], [], 0.5)
        if r and not sys.stdin.readline():
            break
    closed = 0
    for s in conns:
        try:
            closed += 1 if s.recv(1) == b"" else 0
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    print("closed by server %d" % closed, flush=True)


if __name__ == "__main__":
    main()
