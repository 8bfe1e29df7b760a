"""gw serve --record and gw replay: record a session, replay it green offline, change the spec and
see the exact mismatch, --update, reports, --jobs/--shard determinism, HAR, bad input (issue 7)."""
import http.server
import json
import os
import re
import threading
import xml.etree.ElementTree as ET

from gwtest import GwTestCase, HTTP_PROXY, PETSTORE, SOURCE_DIR, run_gw, send_json

RECORDINGS = os.path.join(SOURCE_DIR, "fixtures", "recordings")
SUMMARY_RE = re.compile(r"(?m)^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")


def summary(text):
    m = SUMMARY_RE.search(text)
    if not m:
        raise AssertionError("no summary line in:\n" + text)
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def read_lines(path):
    with open(path) as f:
        return [line for line in f.read().split("\n") if line]


class _Backend(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        out = json.dumps({"path": self.path}).encode()
        send_json(self, out)

    def log_message(self, *args):
        pass


class ReplayTest(GwTestCase):
    def record_petstore(self, spec=PETSTORE, extra=()):
        path = os.path.join(self.tmpdir(), "session.jsonl")
        server = self.serve(spec, "--record", path, *extra)
        requests = [("GET", "/dev/pets", None), ("GET", "/dev/pets/1", None),
                    ("POST", "/dev/pets", '{"name":"rex"}'), ("DELETE", "/dev/pets/2", None),
                    ("GET", "/dev/nothing", None)]
        for method, p, body in requests:
            server.request(method, p, body=body, headers={
                "Content-Type": "application/json", "Authorization": "Bearer s3cret",
                "X-Api-Key": "k-123"})
        self.assertEqual(server.terminate(), 0)
        self.assertEqual(len(read_lines(path)), len(requests))
        return path

    def changed_petstore(self):
        spec = os.path.join(self.tmpdir(), "petstore.yaml")
        with open(PETSTORE) as f:
            text = f.read()
        with open(spec, "w") as f:
            f.write(text.replace("""'{"id":1,"name":"doggie"}'""", """'{"id":1,"name":"kitty"}'"""))
        return spec

    def test_record_then_replay_green(self):
        path = self.record_petstore()
        first = json.loads(read_lines(path)[0])
        self.assertEqual(first["v"], 1)
        self.assertEqual(first["route"], "GET /pets")
        self.assertEqual(first["request"]["path"], "/dev/pets")
        self.assertEqual(first["response"]["headers"]["X-Petstore"], "v1")
        out = run_gw("replay", PETSTORE, path)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1], "5 passed, 0 failed")

    def test_redact_masks_credentials(self):
        path = self.record_petstore(extra=("--redact",))
        with open(path) as f:
            text = f.read()
        self.assertNotIn("s3cret", text)
        self.assertNotIn("k-123", text)
        self.assertIn('"Authorization":"REDACTED"', text)
        out = run_gw("replay", PETSTORE, path)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_changed_spec_is_an_exact_mismatch_then_update_is_green(self):
        path = self.record_petstore()
        before = read_lines(path)
        spec = self.changed_petstore()
        out = run_gw("replay", spec, path)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("FAIL GET /dev/pets/1  (%s:2, id " % path, out.stdout)
        self.assertIn("route GET /pets/{petId})", out.stdout)
        self.assertIn('  -  "name": "doggie"\n  +  "name": "kitty"\n', out.stdout)
        self.assertEqual(summary(out.stdout), (4, 1, 0))
        upd = run_gw("replay", spec, path, "--update")
        self.assertEqual(upd.returncode, 0, upd.stdout + upd.stderr)
        self.assertIn("updated 1 exchange(s) in 1 file(s)", upd.stderr)
        after = read_lines(path)
        self.assertEqual([l for i, l in enumerate(after) if i != 1],
                         [l for i, l in enumerate(before) if i != 1])
        self.assertIn("kitty", after[1])
        again = run_gw("replay", spec, path)
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)

    def test_jobs_and_shards_give_the_same_results(self):
        path = self.record_petstore()
        spec = self.changed_petstore()
        one = run_gw("replay", spec, path, "--jobs", "1", "--report", "json")
        eight = run_gw("replay", spec, path, "--jobs", "8", "--report", "json")
        self.assertEqual(one.returncode, 1)
        self.assertEqual(one.stdout, eight.stdout)
        outcomes = {}
        for i in (1, 2, 3):
            part = run_gw("replay", spec, path, "--shard", "%d/3" % i, "--report", "json")
            for ex in json.loads(part.stdout)["exchanges"]:
                self.assertNotIn(ex["id"], outcomes)
                outcomes[ex["id"]] = ex["outcome"]
        self.assertEqual(outcomes, {e["id"]: e["outcome"]
                                    for e in json.loads(one.stdout)["exchanges"]})

    def test_reports(self):
        path = self.record_petstore()
        spec = self.changed_petstore()
        out_dir = self.tmpdir()
        junit = os.path.join(out_dir, "r.xml")
        res = run_gw("replay", spec, path, "--report", "junit", "--out", junit,
                     "--filter", "GET /pets*")
        self.assertEqual(res.returncode, 1)
        self.assertEqual(summary(res.stdout), (1, 1, 3))
        root = ET.parse(junit).getroot()
        cases = root.findall(".//testcase")
        self.assertEqual(len(cases), 5)
        self.assertEqual(cases[0].get("name"), "GET /dev/pets")
        self.assertEqual(len(root.findall(".//failure")), 1)
        tap = run_gw("replay", spec, path, "--report", "tap")
        self.assertTrue(tap.stdout.startswith("TAP version 13\n1..5\n"), tap.stdout)
        self.assertIn("not ok 2 - GET /dev/pets/1\n", tap.stdout)
        self.assertEqual(summary(tap.stderr), (4, 1, 0))

    def test_unknown_version_and_malformed_lines_exit_2_and_the_rest_run(self):
        path = self.record_petstore()
        lines = read_lines(path)
        lines[1] = lines[1].replace('"v":1', '"v":2', 1)
        lines.insert(3, "{oops")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        out = run_gw("replay", PETSTORE, path)
        self.assertEqual(out.returncode, 2, out.stdout + out.stderr)
        self.assertIn("gw: error: %s:2:1: unsupported recording format version 2 "
                      "(this gw reads 1)" % path, out.stderr)
        self.assertIn("gw: error: %s:4:1: not a JSON object" % path, out.stderr)
        self.assertEqual(summary(out.stdout), (4, 0, 0))

    def test_bad_usage_exits_2(self):
        self.assertEqual(run_gw("replay", PETSTORE, "/nonexistent.jsonl").returncode, 2)
        path = self.record_petstore()
        self.assertEqual(run_gw("replay", PETSTORE, path, "--shard", "4/3").returncode, 2)

    def test_har_import(self):
        har = {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [
            {"startedDateTime": "2026-11-25T21:10:23.000Z",
             "request": {"method": "GET", "url": "https://abc.execute-api.test/dev/pets",
                         "httpVersion": "HTTP/2", "headers": [], "queryString": []},
             "response": {"status": 200, "headers": [
                 {"name": "Via", "value": "1.1 abc.cloudfront.net"},
                 {"name": "X-Petstore", "value": "v1"}],
                 "content": {"mimeType": "application/json",
                             "text": "[{\"id\":1,\"name\":\"doggie\"},{\"id\":2,\"name\":\"kitty\"}]"}}},
            {"startedDateTime": "2026-11-25T21:10:24.000Z",
             "request": {"method": "GET", "url": "https://abc.execute-api.test/dev/pets/1",
                         "headers": []},
             "response": {"status": 200, "headers": [],
                          "content": {"text": "{\"id\":1,\"name\":\"rex\"}"}}}]}}
        path = os.path.join(self.tmpdir(), "traffic.har")
        with open(path, "w") as f:
            json.dump(har, f)
        out = run_gw("replay", PETSTORE, path)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertEqual(summary(out.stdout), (1, 1, 0))
        self.assertIn('+  "name": "doggie"', out.stdout)

    def test_http_proxy_recorded_then_replayed_without_the_backend(self):
        backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
        thread = threading.Thread(target=backend.serve_forever, daemon=True)
        thread.start()
        spec = os.path.join(self.tmpdir(), "http-proxy.yaml")
        with open(HTTP_PROXY) as f:
            text = f.read()
        with open(spec, "w") as f:
            f.write(text.replace('backendPort: "8080"',
                                 'backendPort: "%d"' % backend.server_address[1]))
        path = os.path.join(self.tmpdir(), "proxy.jsonl")
        server = self.serve(spec, "--record", path)
        server.request("GET", "/a/b?x=1")
        server.request("GET", "/c")
        server.terminate()
        backend.shutdown()
        backend.server_close()
        calls = [json.loads(l)["integrations"] for l in read_lines(path)]
        self.assertEqual(calls[0][0]["kind"], "http_proxy")
        self.assertEqual(calls[0][0]["target"],
                         "GET http://127.0.0.1:%d/a/b?x=1" % backend.server_address[1])
        out = run_gw("replay", spec, path)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(summary(out.stdout), (2, 0, 0))
        # The backend moved: the recorded call is no longer made.
        with open(spec, "w") as f:
            f.write(text.replace('backendPort: "8080"', 'backendPort: "1"'))
        moved = run_gw("replay", spec, path)
        self.assertEqual(moved.returncode, 1)
        self.assertIn("integration call not in the recording: GET http://127.0.0.1:1/a/b?x=1",
                      moved.stdout)
        self.assertIn("recorded http_proxy call not made: GET http://127.0.0.1:%d/a/b?x=1"
                      % backend.server_address[1], moved.stdout)

    def test_lambda_recorded_then_replayed_offline(self):
        spec = os.path.join(SOURCE_DIR, "fixtures", "lambda", "handlers", "http.yaml")
        path = os.path.join(self.tmpdir(), "lambda.jsonl")
        server = self.serve(spec, "--record", path, "--redact")
        for method, p in (("GET", "/echo?x=1"), ("GET", "/bare"), ("GET", "/boom")):
            server.request(method, p, headers={"Authorization": "Bearer s3cret"})
        server.terminate()
        lines = [json.loads(l) for l in read_lines(path)]
        call = lines[0]["integrations"][0]
        self.assertEqual((call["kind"], call["target"]), ("lambda", "echo"))
        # Masked where gw sees it (a handler echoing it in its own answer is beyond reach).
        self.assertEqual(lines[1]["request"]["headers"]["Authorization"], "REDACTED")
        self.assertIn('"authorization":"REDACTED"', call["request"]["body"])
        self.assertNotIn("s3cret", json.dumps(lines[1:]))
        out = run_gw("replay", spec, path)  # no function runs: answers come from the file
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(summary(out.stdout), (3, 0, 0))
        # --live runs the real function again (its answer here is constant).
        live = run_gw("replay", spec, path, "--live", "--filter", "GET /bare")
        self.assertEqual(live.returncode, 0, live.stdout + live.stderr)
        self.assertEqual(summary(live.stdout), (1, 0, 2))
        # The function's answer changes: the exact difference shows.
        lines[1]["integrations"][0]["response"]["body"] = "\"changed\""
        with open(path, "w") as f:
            f.write("\n".join(json.dumps(l) for l in lines) + "\n")
        changed = run_gw("replay", spec, path)
        self.assertEqual(changed.returncode, 1, changed.stdout + changed.stderr)
        self.assertIn("FAIL GET /bare", changed.stdout)


class FixtureRecordingsTest(GwTestCase):
    """The recordings shipped in fixtures/recordings replay green (CI runs this)."""

    def test_fixture_recordings_replay_green(self):
        specs = {"petstore": PETSTORE}
        found = 0
        for name, spec in specs.items():
            folder = os.path.join(RECORDINGS, name)
            if not os.path.isdir(folder):
                continue
            found += 1
            out = run_gw("replay", spec, folder, "--jobs", "2")
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            passed, failed, _ = summary(out.stdout)
            self.assertGreater(passed, 0)
            self.assertEqual(failed, 0)
        self.assertGreater(found, 0, "no recordings in " + RECORDINGS)
