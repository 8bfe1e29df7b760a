"""HTTP_PROXY to a real backend (a Python http.server on another free port)."""
import http.server
import json
import os
import threading
import unittest

from gwtest import GwTestCase, HTTP_PROXY, header, send_json


class _Backend(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        _Backend.seen.append({"method": self.command, "path": self.path,
                              "headers": dict(self.headers.items()), "body": body})
        status = 418 if self.path.startswith("/teapot") else 200
        out = json.dumps({"path": self.path, "method": self.command, "body": body}).encode()
        send_json(self, out, status=status, headers=[("X-Backend", "python")])

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

    def log_message(self, *args):
        pass


class HttpProxyTest(GwTestCase):
    def setUp(self):
        _Backend.seen = []
        self.backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
        thread = threading.Thread(target=self.backend.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(self.backend.server_close)
        self.addCleanup(self.backend.shutdown)
        spec = os.path.join(self.tmpdir(), "http-proxy.yaml")
        with open(HTTP_PROXY) as f:
            text = f.read()
        with open(spec, "w") as f:
            f.write(text.replace('backendPort: "8080"',
                                 'backendPort: "%d"' % self.backend.server_address[1]))
        self.server = self.serve(spec)

    def test_path_query_headers_forwarded(self):
        status, headers, body = self.server.request(
            "GET", "/things/42?colour=red&x=a%2Bb", headers={"X-Custom": "Hello"})
        self.assertEqual(status, 200, body)
        self.assertEqual(header(headers, "X-Backend"), "python")
        self.assertEqual(json.loads(body)["method"], "GET")
        self.assertEqual(len(_Backend.seen), 1)
        seen = _Backend.seen[0]
        self.assertTrue(seen["path"].startswith("/things/42?"), seen["path"])
        self.assertIn("colour=red", seen["path"])
        self.assertEqual({k.lower(): v for k, v in seen["headers"].items()}.get("x-custom"),
                         "Hello")

    def test_post_body_and_status_passed_through(self):
        status, _, body = self.server.request("POST", "/teapot", body='{"brew":true}',
                                              headers={"Content-Type": "application/json"})
        # HTTP_PROXY passes the backend's status through (fact 28).
        self.assertEqual(status, 418)
        self.assertEqual(json.loads(body)["body"], '{"brew":true}')
        self.assertEqual(_Backend.seen[0]["method"], "POST")


if __name__ == "__main__":
    unittest.main()
