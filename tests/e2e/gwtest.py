"""Helpers for gw's end-to-end tests: run the real binary, find free ports, poll with bounds.

Environment (set by CTest): GW_BIN, GW_SOURCE_DIR, GW_SHARED_DIR.
"""
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("GW_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
SHARED_DIR = os.environ.get("GW_SHARED_DIR") or os.path.join(SOURCE_DIR, "..", "shared")
GW_BIN = os.environ.get("GW_BIN") or os.path.join(SOURCE_DIR, "build", "gw")
FIXTURES = os.path.join(SOURCE_DIR, "fixtures", "apis")
PETSTORE = os.path.join(FIXTURES, "petstore.yaml")
HTTP_PROXY = os.path.join(FIXTURES, "http-proxy.yaml")

POLL_STEP = 0.02
POLL_LIMIT = 10.0

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(predicate, limit=POLL_LIMIT, what="condition"):
    """Calls predicate every 20 ms until it returns a truthy value; fails after `limit` s."""
    deadline = time.monotonic() + limit
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (limit, what))
        time.sleep(POLL_STEP)


def https_get(port, path, cafile, server_hostname, cert=None):
    """(status, body) of one GET over TLS to 127.0.0.1:port naming server_hostname (SNI)."""
    ctx = ssl.create_default_context(cafile=cafile)
    if cert:
        ctx.load_cert_chain(cert + ".pem", cert + "-key.pem")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=server_hostname) as tls:
            tls.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                         % (path, server_hostname)).encode())
            data = b""
            while True:
                chunk = tls.recv(65536)
                if not chunk:
                    break
                data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head[9:12]), body.decode()


def run_gw(*args, timeout=60, cwd=None):
    """Runs gw to completion; returns the CompletedProcess (text output)."""
    return subprocess.run([GW_BIN, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=cwd, env=dict(os.environ, NO_COLOR="1"))


class _Collector:
    """Reads a pipe line by line on a thread; lines are kept for polling."""

    def __init__(self, pipe):
        self.lines = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe):
        for line in pipe:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def text(self):
        with self._lock:
            return "\n".join(self.lines)

    def find(self, pattern):
        rx = re.compile(pattern)
        with self._lock:
            for line in self.lines:
                m = rx.search(line)
                if m:
                    return m
        return None

    def join(self, timeout=5):
        self._thread.join(timeout)


class Server:
    """`gw serve SPEC --port P ...` as a subprocess; stop() always ends it."""

    def __init__(self, spec, *args, port=None):
        self.port = port or free_port()
        self.proc = subprocess.Popen(
            [GW_BIN, "serve", spec, "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=dict(os.environ, NO_COLOR="1"))
        self.stdout = _Collector(self.proc.stdout)
        self.stderr = _Collector(self.proc.stderr)

    def wait_ready(self):
        def ready():
            if self.proc.poll() is not None:
                raise AssertionError("gw serve exited with %s\nstdout:\n%s\nstderr:\n%s" % (
                    self.proc.returncode, self.stdout.text(), self.stderr.text()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                return False
        poll(ready, what="gw serve to listen on %d" % self.port)
        # The port listens before the banner is printed: wait for its last line too, so tests
        # read a whole banner.
        poll(lambda: self.stdout.find(r"^(not )?watching") or self.proc.poll() is not None,
             what="gw serve's banner")
        return self

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def request(self, method, path, body=None, headers=None):
        """One request on a fresh connection: (status, headers as a list of pairs, body text)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            res = conn.getresponse()
            return res.status, res.getheaders(), res.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def terminate(self, sig=signal.SIGTERM, timeout=15):
        """Sends `sig` and waits; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        self.stdout.join()
        self.stderr.join()
        return code

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc.stdout.close()
        self.proc.stderr.close()


def send_json(handler, body, status=200, headers=()):
    """Answers a test backend's request (an http.server handler) with a JSON body, its length
    and any extra (name, value) headers."""
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def header(headers, name):
    """The first value of header `name` (case-insensitive) in a list of pairs, or None."""
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return None


class GwTestCase(unittest.TestCase):
    """Base class: serve() starts a server that is always stopped; tmpdir() is cleaned up."""

    @classmethod
    def setUpClass(cls):
        if not os.access(GW_BIN, os.X_OK):
            raise unittest.SkipTest("gw binary not found at %s (set GW_BIN)" % GW_BIN)

    def serve(self, spec, *args, port=None):
        server = Server(spec, *args, port=port)
        self.addCleanup(server.stop)
        return server.wait_ready()

    def tmpdir(self):
        path = tempfile.mkdtemp(prefix="gw-e2e-")
        self.addCleanup(shutil.rmtree, path, True)
        return path
