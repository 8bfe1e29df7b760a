"""CORS end to end over plain HTTP (what a browser would send and check): an HTTP API's
x-amazon-apigateway-cors answered by the gateway (fact 66), and a REST API that gets only what
its spec configures, so the classic mistakes reproduce (fact 77)."""
import os
import shutil

from gwtest import SOURCE_DIR, GwTestCase, header

FIXTURE = os.path.join(SOURCE_DIR, "fixtures", "edge")
ORIGIN = "http://127.0.0.1:8000"


def preflight(origin=ORIGIN, method="PUT", headers="content-type"):
    return {"Origin": origin, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers}


class EdgeCorsTest(GwTestCase):
    def setUp(self):
        if shutil.which("python3") is None:
            self.skipTest("python3 is needed for the fixture's functions")
        self.dir = os.path.join(self.tmpdir(), "edge")
        shutil.copytree(FIXTURE, self.dir, ignore=shutil.ignore_patterns(".gw", "*.log"))

    def test_http_api_preflight_answered_by_the_gateway(self):
        server = self.serve(os.path.join(self.dir, "cors-http.yaml"))
        status, headers, body = server.request("OPTIONS", "/items", None, preflight())
        self.assertEqual(status, 204)
        self.assertEqual(header(headers, "Access-Control-Allow-Origin"), ORIGIN)
        self.assertEqual(header(headers, "Access-Control-Allow-Methods"), "GET,PUT")
        self.assertEqual(header(headers, "Access-Control-Allow-Headers"), "content-type,x-trace-id")
        self.assertEqual(header(headers, "Access-Control-Max-Age"), "300")
        wildcard = preflight(origin="https://app.example.com")
        status, headers, _ = server.request("OPTIONS", "/items", None, wildcard)
        self.assertEqual(header(headers, "Access-Control-Allow-Origin"), "https://app.example.com")
        for bad in (preflight(origin="https://evil.test"), preflight(method="DELETE"),
                    preflight(headers="x-secret")):
            status, headers, _ = server.request("OPTIONS", "/items", None, bad)
            self.assertIsNone(header(headers, "Access-Control-Allow-Origin"), bad)

    def test_http_api_replaces_the_functions_cors_headers(self):
        server = self.serve(os.path.join(self.dir, "cors-http.yaml"))
        status, headers, body = server.request("PUT", "/items", "{}", {"Origin": ORIGIN})
        self.assertEqual(status, 200, body)
        values = [v for k, v in headers if k.lower() == "access-control-allow-origin"]
        self.assertEqual(values, [ORIGIN])  # the function's "*" is discarded
        self.assertEqual(header(headers, "Access-Control-Expose-Headers"), "x-request-cost")
        status, headers, _ = server.request("PUT", "/items", "{}", {"Origin": "https://evil.test"})
        self.assertIsNone(header(headers, "Access-Control-Allow-Origin"))

    def test_rest_api_gets_no_magic(self):
        server = self.serve(os.path.join(self.dir, "cors-rest.yaml"))
        # The OPTIONS mock method answers the preflight as configured.
        status, headers, _ = server.request("OPTIONS", "/prod/items", None, preflight())
        self.assertEqual(status, 200)
        self.assertEqual(header(headers, "Access-Control-Allow-Origin"), "*")
        # Mistake 1: the Lambda proxy response has no Access-Control-Allow-Origin.
        status, headers, _ = server.request("PUT", "/prod/items", "{}", {"Origin": ORIGIN})
        self.assertEqual(status, 200)
        self.assertIsNone(header(headers, "Access-Control-Allow-Origin"))
        # Mistake 2 (fact 77): a 5xx carries no CORS header.
        status, headers, _ = server.request("PUT", "/prod/broken", "{}", {"Origin": ORIGIN})
        self.assertEqual(status, 502)
        self.assertIsNone(header(headers, "Access-Control-Allow-Origin"))
        # The fix: the function sets the header itself.
        status, headers, _ = server.request("PUT", "/prod/fixed", "{}", {"Origin": ORIGIN})
        self.assertEqual(header(headers, "Access-Control-Allow-Origin"), "*")
