"""End-to-end: X-Amzn-Trace-Id and X-Ray segments (issue 21, "Tracing").

The header's rules: AWS X-Ray Developer Guide, "Amazon API Gateway active tracing support"
("API Gateway adds a tracing header to incoming HTTP requests that don't already have one";
Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=1). Lambda-backed REST answers
carry it, MOCK answers do not (AWS_BEHAVIOUR fact 22); non-proxy HTTP integrations send it
(fact 27); Lambda's runtimes put it in _X_AMZN_TRACE_ID. Segments: "AWS X-Ray segment
documents", sent as "{"format": "json", "version": 1}\\n<document>" datagrams ("Sending segment
documents to the X-Ray daemon") to AWS_XRAY_DAEMON_ADDRESS.
"""
import http.server
import json
import os
import re
import shutil
import socket
import threading
import unittest
from unittest import mock

from gwtest import GwTestCase, POLL_LIMIT, SOURCE_DIR, free_port, header, poll, run_gw, send_json

ROOT = "1-5759e988-bd862e3fe1be46a994272793"
PARENT = "53995c3f42cd8ad8"
TRACE_RE = re.compile(r"^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Parent=([0-9a-f]{16});Sampled=([01])$")
DAEMON_HEADER = b'{"format": "json", "version": 1}\n'

HANDLER_PY = '''import json, os
def handle(event, context):
    return {"statusCode": 200, "body": json.dumps({
        "header": event["headers"].get("X-Amzn-Trace-Id"),
        "env": os.environ.get("_X_AMZN_TRACE_ID")})}
'''
HANDLER_JS = '''exports.handle = async (event) => ({statusCode: 200, body: JSON.stringify({
  header: event.headers["X-Amzn-Trace-Id"], env: process.env._X_AMZN_TRACE_ID})});
'''

SPEC = '''swagger: "2.0"
info: {title: pets-api, version: "1.0"}
x-gw:
  apiType: REST
  stages:
    traced:
      tracingEnabled: true
      accessLogSettings: {format: 'xray=$context.xrayTraceId'}
    plain:
      accessLogSettings: {format: 'xray=$context.xrayTraceId'}
  functions:
    py: {runtime: python3.12, handler: handler.handle, codeUri: .}
    js: {runtime: nodejs20.x, handler: handler.handle, codeUri: .}
paths:
  /py:
    get:
      responses: {default: {description: the function}}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:py/invocations
  /js:
    get:
      responses: {default: {description: the function}}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:js/invocations
  /backend:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: http
        httpMethod: GET
        uri: http://127.0.0.1:BACKEND/plain
        responses: {default: {statusCode: "200"}}
  /proxy:
    get:
      responses: {default: {description: ok}}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://127.0.0.1:BACKEND/proxied
  /mock:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200"}}
'''


class _Backend(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []

    def do_GET(self):
        _Backend.seen.append((self.path, self.headers.get("X-Amzn-Trace-Id")))
        out = b"{}"
        send_json(self, out)

    def log_message(self, *args):
        pass


class TracingTest(GwTestCase):
    def setUp(self):
        _Backend.seen = []
        self.backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
        threading.Thread(target=self.backend.serve_forever, daemon=True).start()
        self.addCleanup(self.backend.server_close)
        self.addCleanup(self.backend.shutdown)
        self.daemon = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.daemon.bind(("127.0.0.1", 0))
        self.addCleanup(self.daemon.close)
        self.dir = self.tmpdir()
        self.spec = os.path.join(self.dir, "api.yaml")
        with open(self.spec, "w") as f:
            f.write(SPEC.replace("BACKEND", str(self.backend.server_address[1])))
        with open(os.path.join(self.dir, "handler.py"), "w") as f:
            f.write(HANDLER_PY)
        with open(os.path.join(self.dir, "handler.js"), "w") as f:
            f.write(HANDLER_JS)
        address = "127.0.0.1:%d" % self.daemon.getsockname()[1]
        with mock.patch.dict(os.environ, {"AWS_XRAY_DAEMON_ADDRESS": address}):
            self.server = self.serve(self.spec)

    def segment(self):
        """The next datagram the daemon port receives, parsed (bounded wait)."""
        self.daemon.settimeout(POLL_LIMIT)
        data, _ = self.daemon.recvfrom(65536)
        self.assertTrue(data.startswith(DAEMON_HEADER), data)
        return json.loads(data[len(DAEMON_HEADER):])

    def function(self, path, headers=None):
        status, res_headers, body = self.server.request("GET", path, headers=headers)
        self.assertEqual(status, 200, body)
        return header(res_headers, "X-Amzn-Trace-Id"), json.loads(body)

    def test_the_client_root_reaches_the_handler_and_the_response(self):
        sent = "Root=%s;Parent=%s" % (ROOT, PARENT)
        trace, seen = self.function("/plain/py", {"X-Amzn-Trace-Id": sent})
        self.assertEqual(trace, sent + ";Sampled=0")  # no tracing: the client's Parent kept
        self.assertEqual(seen["header"], trace)  # the event's header
        self.assertEqual(seen["env"], trace)  # _X_AMZN_TRACE_ID, from Lambda-Runtime-Trace-Id

    def test_no_header_gets_a_new_trace_per_request(self):
        first, seen = self.function("/plain/py")
        match = TRACE_RE.match(first or "")
        self.assertIsNotNone(match, first)
        self.assertEqual(match.group(3), "0")
        self.assertEqual(seen["env"], first)
        second, seen = self.function("/plain/py")
        self.assertEqual(seen["env"], second)
        self.assertNotEqual(TRACE_RE.match(second).group(1), match.group(1))

    def test_node_runtime_sets_the_trace_variable(self):
        if shutil.which("node") is None:
            self.skipTest("node is not installed")
        trace, seen = self.function("/plain/js", {"X-Amzn-Trace-Id": "Root=" + ROOT})
        self.assertRegex(trace, r"^Root=%s;Parent=[0-9a-f]{16};Sampled=0$" % ROOT)
        self.assertEqual(seen["header"], trace)
        self.assertEqual(seen["env"], trace)

    def test_http_backends_receive_the_trace(self):
        sent = "Root=%s;Parent=%s;Sampled=1;Lineage=a87bd80c:1" % (ROOT, PARENT)
        for path in ("/plain/backend", "/plain/proxy"):
            status, headers, _ = self.server.request("GET", path, headers={"X-Amzn-Trace-Id": sent})
            self.assertEqual(status, 200)
            self.assertIsNone(header(headers, "X-Amzn-Trace-Id"), path)  # only Lambda answers
        self.assertEqual(_Backend.seen, [("/plain", sent), ("/proxied", sent)])

    def test_mock_and_gateway_errors_carry_no_trace(self):
        status, headers, _ = self.server.request("GET", "/plain/mock")
        self.assertEqual(status, 200)
        self.assertIsNone(header(headers, "X-Amzn-Trace-Id"))  # fact 22
        status, headers, _ = self.server.request("GET", "/plain/nothing")
        self.assertEqual(status, 403)
        self.assertIsNone(header(headers, "X-Amzn-Trace-Id"))

    def test_malformed_header_is_replaced(self):
        trace, seen = self.function("/plain/py", {"X-Amzn-Trace-Id": "Root=1-nothex;Parent=x"})
        self.assertIsNotNone(TRACE_RE.match(trace or ""), trace)
        self.assertEqual(seen["env"], trace)

    def test_traced_stage_sends_segments(self):
        sent = "Root=%s;Parent=%s" % (ROOT, PARENT)
        trace, seen = self.function("/traced/py", {"X-Amzn-Trace-Id": sent})
        match = TRACE_RE.match(trace or "")
        self.assertIsNotNone(match, trace)
        self.assertEqual(match.group(1), ROOT)
        self.assertEqual(match.group(3), "1")
        self.assertNotEqual(match.group(2), PARENT)  # the Parent is the gateway's segment
        self.assertEqual(seen["env"], trace)
        seg = self.segment()
        self.assertEqual(seg["name"], "pets-api/traced")
        self.assertEqual(seg["origin"], "AWS::ApiGateway::Stage")
        self.assertEqual(seg["trace_id"], ROOT)
        self.assertEqual(seg["id"], match.group(2))
        self.assertEqual(seg["parent_id"], PARENT)
        self.assertLessEqual(seg["start_time"], seg["end_time"])
        self.assertEqual(seg["http"]["request"]["method"], "GET")
        self.assertEqual(seg["http"]["response"]["status"], 200)
        self.assertEqual(seg["aws"]["api_gateway"]["stage"], "traced")
        self.assertRegex(seg["aws"]["api_gateway"]["request_id"], r"^[0-9a-f-]{36}$")
        self.assertNotIn("fault", seg)
        (sub,) = seg["subsegments"]
        self.assertEqual(sub["name"], "py")
        self.assertRegex(sub["id"], r"^[0-9a-f]{16}$")
        self.assertGreaterEqual(sub["start_time"], seg["start_time"])
        # $context.xrayTraceId is the trace id on the traced stage, '-' on the other
        poll(lambda: self.server.stdout.find(r"^xray=%s$" % ROOT), what="the access line")

    def test_untraced_stage_sends_nothing(self):
        self.function("/plain/py")
        self.server.request("GET", "/plain/backend")
        # A traced request after them: the first datagram the daemon sees must be its own.
        marker, _ = self.function("/traced/py")
        seg = self.segment()
        self.assertEqual(seg["trace_id"], TRACE_RE.match(marker).group(1))
        poll(lambda: self.server.stdout.find(r"^xray=-$"), what="the plain stage's access line")

    def test_gateway_errors_on_a_traced_stage_are_faults(self):
        self.server.request("GET", "/traced/backend")  # sampled: a segment with a subsegment
        seg = self.segment()
        self.assertEqual(seg["subsegments"][0]["name"], "127.0.0.1")
        self.assertEqual(seg["subsegments"][0]["http"]["response"]["status"], 200)
        status, _, _ = self.server.request("GET", "/traced/nothing")
        self.assertEqual(status, 403)
        seg = self.segment()
        self.assertEqual(seg["http"]["response"]["status"], 403)
        self.assertIs(seg["error"], True)
        self.assertNotIn("subsegments", seg)


class WebSocketTraceTest(GwTestCase):
    """WebSocket events carry X-Amzn-Trace-Id too: $connect keeps the upgrade's Root."""

    def test_connect_event_keeps_the_client_root(self):
        import asyncio
        import sys
        try:
            import websockets
        except ImportError:  # a pyenv interpreter: use Debian's python3-websockets
            sys.path.append("/usr/lib/python3/dist-packages")
            import websockets
        chat = os.path.join(SOURCE_DIR, "fixtures", "websocket", "chat.yaml")
        server = self.serve(chat, "--no-watch")
        url = "ws://127.0.0.1:%d/prod" % server.port

        async def connect_event():
            async with websockets.connect(
                    url, extra_headers={"X-Amzn-Trace-Id": "Root=" + ROOT}) as ws:
                await ws.send(json.dumps({"action": "echoevent"}))
                return json.loads(await asyncio.wait_for(ws.recv(), 20))
        seen = asyncio.run(asyncio.wait_for(connect_event(), 60))
        trace = seen["connect"]["headers"]["X-Amzn-Trace-Id"]
        self.assertRegex(trace, r"^Root=%s;Parent=[0-9a-f]{16};Sampled=0$" % ROOT)
        self.assertEqual(seen["connect"]["multiValueHeaders"]["X-Amzn-Trace-Id"], [trace])


class DaemonAddressTest(GwTestCase):
    def test_a_non_loopback_daemon_is_refused(self):
        spec = os.path.join(self.tmpdir(), "api.yaml")
        with open(spec, "w") as f:
            f.write(SPEC.replace("BACKEND", "9"))
        with mock.patch.dict(os.environ, {"AWS_XRAY_DAEMON_ADDRESS": "10.1.2.3:2000"}):
            done = run_gw("serve", spec, "--port", str(free_port()), timeout=30)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("AWS_XRAY_DAEMON_ADDRESS '10.1.2.3:2000'", done.stderr)
        self.assertIn("loopback", done.stderr)


    def test_an_unusable_address_does_not_stop_an_api_that_traces_nothing(self):
        # Regression: gw serve refused to start on any spec with such an address in the
        # environment, tracing or not.
        petstore = os.path.join(SOURCE_DIR, "fixtures", "apis", "petstore.yaml")
        with mock.patch.dict(os.environ, {"AWS_XRAY_DAEMON_ADDRESS": "10.1.2.3:2000"}):
            server = self.serve(petstore, "--no-watch")
        self.assertEqual(server.request("GET", "/dev/pets")[0], 200)
        self.assertIn("AWS_XRAY_DAEMON_ADDRESS '10.1.2.3:2000'", server.stderr.text())
        self.assertIn("no X-Ray segments will be sent", server.stderr.text())


if __name__ == "__main__":
    unittest.main()
