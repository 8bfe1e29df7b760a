"""gw serve on the petstore fixture: responses, AWS error shapes, the access log, signals."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import unittest

from gwtest import (GW_BIN, PETSTORE, SOURCE_DIR, UUID_RE, GwTestCase, free_port, header, poll,
                    run_gw)


class ServePetstoreTest(GwTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def setUp(self):
        self.server = self.serve(PETSTORE)

    def test_banner_names_api_stage_routes_and_try_line(self):
        out = poll(lambda: self.server.stdout.find(r"^try: curl "), what="try line")
        self.assertEqual(out.string, "try: curl %s" % self.server.url("/dev/pets"))
        text = self.server.stdout.text()
        self.assertIn("Petstore", text)
        self.assertIn("REST API", text)
        self.assertIn("serving the working spec (auto-deploy)", text)
        self.assertRegex(text, r"stage dev\s+http://127\.0\.0\.1:%d/dev" % self.server.port)
        self.assertRegex(text, r"GET\s+/pets/\{petId\}\s+MOCK")

    def test_get_list_mock_response(self):
        status, headers, body = self.server.request("GET", "/dev/pets")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)[0]["name"], "doggie")
        self.assertEqual(header(headers, "X-Petstore"), "v1")
        # AWS_BEHAVIOUR.md fact 22: every REST response carries both ids.
        self.assertRegex(header(headers, "x-amzn-RequestId") or "", UUID_RE)
        apigw_id = header(headers, "x-amz-apigw-id") or ""
        self.assertEqual(len(apigw_id), 16)
        self.assertTrue(apigw_id.endswith("="))

    def test_post_answers_201_and_delete_204(self):
        status, _, body = self.server.request(
            "POST", "/dev/pets", body='{"name":"rex"}',
            headers={"Content-Type": "application/json"})
        self.assertEqual(status, 201)
        self.assertEqual(json.loads(body), {"id": 3, "created": True})
        status, _, body = self.server.request("DELETE", "/dev/pets/7")
        self.assertEqual(status, 204)
        self.assertEqual(body, "")

    def test_fact1_unknown_path_is_403_missing_authentication_token(self):
        for method, path in (("GET", "/dev/nope"), ("PUT", "/dev/pets")):
            status, headers, body = self.server.request(method, path, body="" if method == "PUT"
                                                        else None)
            self.assertEqual(status, 403, (method, path))
            self.assertEqual(json.loads(body), {"message": "Missing Authentication Token"})
            self.assertEqual(header(headers, "x-amzn-ErrorType"),
                             "MissingAuthenticationTokenException")
            self.assertIn("application/json", header(headers, "Content-Type") or "")

    def test_fact75_unknown_stage_is_403_forbidden(self):
        status, _, body = self.server.request("GET", "/prod/pets")
        self.assertEqual(status, 403)
        self.assertEqual(json.loads(body), {"message": "Forbidden"})

    def test_one_access_log_line_per_request(self):
        _, headers, _ = self.server.request("GET", "/dev/pets")
        rid = header(headers, "x-amzn-RequestId")
        line = poll(lambda: self.server.stdout.find(re.escape(rid)), what="log line")
        self.assertRegex(line.string,
                         r"^\d\d:\d\d:\d\d GET\s+/dev/pets\s+200\s+[\d.]+ms \(integration .*\) "
                         + re.escape(rid) + "$")
        self.server.request("GET", "/dev/nope")
        poll(lambda: self.server.stdout.find(r"GET\s+/dev/nope\s+403 "), what="403 log line")

    def test_curl_client(self):
        if shutil.which("curl") is None:
            self.skipTest("curl not installed")
        out = subprocess.run(["curl", "-s", "-i", self.server.url("/dev/pets/1")],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stdout, r"^HTTP/1\.1 200 OK\s")
        self.assertIn('"name":"doggie"', out.stdout)
        self.assertRegex(out.stdout, r"(?im)^x-amzn-RequestId: ")

    def test_body_over_10mb_is_413(self):
        # 10 MB + 1 byte reaches the gateway, which answers like API Gateway (fact 67).
        status, _, body = self.server.request("POST", "/dev/pets", body=b"x" * (10485760 + 1),
                                              headers={"Content-Type": "application/json"})
        self.assertEqual(status, 413)
        self.assertEqual(json.loads(body), {"message": "Request Too Long"})

    def test_garbage_bytes_give_400_and_server_keeps_serving(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.1 400 "), data[:100])
        status, _, _ = self.server.request("GET", "/dev/pets")
        self.assertEqual(status, 200)

    def test_sigterm_exits_0_with_summary(self):
        self.server.request("GET", "/dev/pets")
        self.assertEqual(self.server.terminate(signal.SIGTERM), 0)
        self.assertRegex(self.server.stdout.text(), r"stopped: 1 request served")

    def test_sigint_exits_0(self):
        self.assertEqual(self.server.terminate(signal.SIGINT), 0)


class ServeLogFormatTest(GwTestCase):
    def test_log_format_json_writes_one_object_per_request(self):
        # Issue 21: a line machines can read (--log-format json).
        server = self.serve(PETSTORE, "--no-watch", "--log-format", "json")
        status, headers, _ = server.request("GET", "/dev/pets")
        self.assertEqual(status, 200)
        rid = header(headers, "x-amzn-RequestId")
        line = poll(lambda: server.stdout.find(r'^\{.*"%s".*\}$' % rid), what="the JSON line")
        entry = json.loads(line.string)
        self.assertEqual(list(entry), ["time", "requestId", "extendedRequestId", "method", "path",
                                       "stage", "resourcePath", "status", "latencyMs",
                                       "integrationLatencyMs", "integrationStatus", "errorType",
                                       "errorMessage", "cache", "authorizer", "reason",
                                       "canary", "deploymentId", "warnings"])
        self.assertRegex(entry["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(entry["extendedRequestId"], header(headers, "x-amz-apigw-id"))
        self.assertEqual((entry["method"], entry["path"], entry["stage"], entry["resourcePath"],
                          entry["status"]), ("GET", "/dev/pets", "dev", "/pets", 200))
        self.assertIsInstance(entry["latencyMs"], float)
        self.assertIsNone(entry["errorType"])
        self.assertEqual((entry["cache"], entry["authorizer"], entry["reason"]), (None, None, None))
        self.assertEqual((entry["canary"], entry["deploymentId"], entry["warnings"]),
                         (False, "gwlocal", []))
        status, headers, _ = server.request("GET", "/dev/nope")
        self.assertEqual(status, 403)
        rid = header(headers, "x-amzn-RequestId")
        line = poll(lambda: server.stdout.find(r'^\{.*"%s".*\}$' % rid), what="the 403 line")
        entry = json.loads(line.string)
        self.assertEqual((entry["errorType"], entry["errorMessage"], entry["stage"],
                          entry["resourcePath"], entry["integrationLatencyMs"]),
                         ("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token", "dev",
                          None, None))

    def test_log_format_takes_text_or_json(self):
        out = run_gw("serve", PETSTORE, "--port", str(free_port()), "--log-format", "xml")
        self.assertEqual(out.returncode, 2)
        self.assertIn("--log-format", out.stderr)


class ServeErrorsTest(GwTestCase):
    def test_port_in_use_exits_4(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            port = s.getsockname()[1]
            out = run_gw("serve", PETSTORE, "--port", str(port), "--no-watch")
        self.assertEqual(out.returncode, 4, out.stderr)
        self.assertIn("gw: error: port %d is in use" % port, out.stderr)
        self.assertIn("hint:", out.stderr)

    def test_unwritable_state_dir_with_quotas_exits_4(self):
        # Issue 16, item 9: a state directory gw cannot write lost every counted request
        # silently (exit 0). Now refused at start; a file where the directory should be stands
        # in for a read-only or full disk (root may write anywhere else).
        edge = os.path.join(SOURCE_DIR, "fixtures", "edge", "events.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            blocker = os.path.join(tmp, "not-a-dir")
            open(blocker, "w").close()
            out = run_gw("serve", edge, "--port", str(free_port()), "--no-watch",
                         "--state-dir", os.path.join(blocker, "state"))
        self.assertEqual(out.returncode, 4, out.stderr)
        self.assertIn("gw: error: cannot keep quota counters in ", out.stderr)
        self.assertIn("--state-dir", out.stderr)

    def test_second_server_on_one_state_dir_is_refused_naming_the_first(self):
        # Issue 16, item 8: two gw serve on one state directory ran side by side and overwrote
        # each other's quota counters (5 000 + 5 000 requests counted as 5 000).
        edge = os.path.join(SOURCE_DIR, "fixtures", "edge", "events.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            state = os.path.join(tmp, "state")
            first = self.serve(edge, "--no-watch", "--state-dir", state)
            out = run_gw("serve", edge, "--port", str(free_port()), "--no-watch",
                         "--state-dir", state)
            self.assertEqual(out.returncode, 4, out.stderr)
            self.assertIn("gw: error: the state directory %s is in use by another gw serve "
                          "(pid %d)" % (state, first.proc.pid), out.stderr)
            self.assertIn("--state-dir", out.stderr)
            self.assertEqual(first.terminate(), 0)
            # The lock goes with the process that held it: now a server starts.
            again = self.serve(edge, "--no-watch", "--state-dir", state)
            self.assertEqual(again.request("GET", "/prod/nothing-here")[0] // 100, 4)

    def test_missing_spec_exits_2(self):
        out = run_gw("serve", "/nonexistent/spec.yaml", "--port", str(free_port()))
        self.assertEqual(out.returncode, 2)
        self.assertIn("gw: error: ", out.stderr)

    def test_undeclared_stage_is_served_with_a_warning(self):
        server = self.serve(PETSTORE, "--stage", "dve", "--no-watch")
        poll(lambda: server.stderr.find(r"^gw: warning: stage 'dve' is not declared"),
             what="the warning")
        self.assertIn("did you mean 'dev'?", server.stderr.text())
        self.assertEqual(server.request("GET", "/dve/pets")[0], 200)
        self.assertEqual(server.request("GET", "/dev/pets")[0], 403)

    def test_serve_one_stage(self):
        server = self.serve(PETSTORE, "--stage", "dev", "--no-watch", "--threads", "2")
        status, _, _ = server.request("GET", "/dev/pets")
        self.assertEqual(status, 200)
        # The banner is read from gw's stdout by a thread: wait for it (bounded).
        poll(lambda: server.stdout.find("not watching"), what="the banner's 'not watching'")


if __name__ == "__main__":
    unittest.main()
