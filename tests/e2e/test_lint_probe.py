"""gw lint --probe end to end: local Lambda proxy functions invoked with a synthetic event, their
answers reported as lint findings (text and JSON), exit codes, no worker left behind."""
import http.server
import json
import os
import re
import shutil
import threading
import unittest

from gwtest import GwTestCase, SOURCE_DIR, run_gw, send_json

LINT = os.path.join(SOURCE_DIR, "fixtures", "lint")
PROBE_DIR = os.path.join(LINT, "probe")
SHAPE_BAD = os.path.join(LINT, "proxy-probe-response-shape", "bad.yaml")
SHAPE_V2 = os.path.join(LINT, "proxy-probe-response-shape", "good.yaml")
ERRORS_BAD = os.path.join(LINT, "proxy-probe-function-error", "bad.yaml")
CORS_BAD = os.path.join(LINT, "proxy-probe-cors-allow-origin", "bad.yaml")
CORS_GOOD = os.path.join(LINT, "proxy-probe-cors-allow-origin", "good.yaml")
NO_FUNCTIONS = os.path.join(PROBE_DIR, "no-functions.yaml")
LINE_RE = re.compile(r"^(.+):(\d+):(\d+): (error|warning|info): (.+) \[([a-z0-9-]+)\]$")
PROBE_RULES = {"proxy-probe-response-shape", "proxy-probe-function-error",
               "proxy-probe-cors-allow-origin"}

REMOTE_SPEC = """openapi: 3.0.3
info: {title: remote, version: "1"}
x-gw:
  functions:
    remote: {url: "http://127.0.0.1:%d"}
paths:
  /orders/{orderId}:
    delete:
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:lambda:us-east-1:123456789012:function:remote
"""


def expected_lines(path, rule):
    """Lines the `# expect: RULE` comments of a fixture point at (the line after each)."""
    with open(path, encoding="utf-8") as f:
        return sorted(n + 2 for n, line in enumerate(f) if line.strip() == "# expect: " + rule)


def findings(stdout):
    """The parsed finding lines of text output (the summary line excluded)."""
    return [m for m in (LINE_RE.match(l) for l in stdout.splitlines()) if m]


def workers_in(directory):
    """Pids of live processes whose working directory is `directory` (Lambda workers run there)."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.path.realpath(os.readlink("/proc/%s/cwd" % pid)) == directory:
                pids.append(int(pid))
        except OSError:
            continue
    return pids


class _InvokeApi(http.server.BaseHTTPRequestHandler):
    """Lambda's Invoke API (as sam local start-lambda serves it) for `url:` functions: every
    function answers a bare object and records the event it got."""
    events = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", "0"))
        _InvokeApi.events.append((self.path, json.loads(self.rfile.read(length))))
        body = json.dumps({"hello": "remote"}).encode()
        send_json(self, body)

    def log_message(self, *args):
        pass


@unittest.skipUnless(shutil.which("python3"), "python3 is needed to run the probe's handlers")
class LintProbeTest(GwTestCase):
    def test_bare_object_on_rest_is_an_error_at_the_integration(self):
        out = run_gw("lint", "--probe", SHAPE_BAD)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        probe = [m for m in findings(out.stdout) if m.group(6) in PROBE_RULES]
        self.assertEqual([int(m.group(2)) for m in probe],
                         expected_lines(SHAPE_BAD, "proxy-probe-response-shape"))
        for m in probe:
            self.assertEqual(m.group(1), SHAPE_BAD)
            self.assertEqual(m.group(4), "error")
        self.assertIn("GET /bare: function 'bare' answered {\"hello\": \"world\"}: malformed Lambda "
                      "proxy response", probe[0].group(5))
        self.assertIn("502", probe[0].group(5))
        self.assertRegex(out.stdout.strip().splitlines()[-1], r"^\d+ errors?, .* in 1 file$")

    def test_without_probe_nothing_is_invoked(self):
        out = run_gw("lint", SHAPE_BAD)
        self.assertFalse({m.group(6) for m in findings(out.stdout)} & PROBE_RULES, out.stdout)
        self.assertNotIn("nothing to probe", out.stderr)

    def test_http_api_payload_2_takes_a_bare_object(self):
        out = run_gw("lint", "--probe", SHAPE_V2)
        self.assertFalse({m.group(6) for m in findings(out.stdout)} & PROBE_RULES, out.stdout)

    def test_clean_probe_exits_0(self):
        out = run_gw("lint", "--probe", CORS_GOOD, "--disable", "security")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertFalse({m.group(6) for m in findings(out.stdout)} & PROBE_RULES, out.stdout)

    def test_function_errors_and_cors_in_json(self):
        out = run_gw("lint", "--probe", ERRORS_BAD, CORS_BAD, "--format", "json")
        self.assertEqual(out.returncode, 1, out.stderr)
        doc = json.loads(out.stdout)
        probe = [f for f in doc["findings"] if f["rule"] in PROBE_RULES]
        errors = [f for f in probe if f["rule"] == "proxy-probe-function-error"]
        self.assertEqual(sorted(f["line"] for f in errors),
                         expected_lines(ERRORS_BAD, "proxy-probe-function-error"))
        self.assertTrue(any("raised ValueError: boom" in f["message"] for f in errors), errors)
        cors = [f for f in probe if f["rule"] == "proxy-probe-cors-allow-origin"]
        self.assertEqual(len(cors), 1, probe)
        self.assertEqual(cors[0]["file"], CORS_BAD)
        self.assertEqual(cors[0]["severity"], "warning")
        self.assertEqual(cors[0]["category"], "proxy")

    def test_no_local_functions_is_a_note(self):
        out = run_gw("lint", "--probe", NO_FUNCTIONS)
        self.assertFalse({m.group(6) for m in findings(out.stdout)} & PROBE_RULES, out.stdout)
        notes = [l for l in out.stderr.splitlines() if "nothing to probe" in l]
        self.assertEqual(len(notes), 1, out.stderr)
        self.assertTrue(notes[0].startswith("gw: note: " + NO_FUNCTIONS), notes)

    def test_workers_do_not_outlive_gw_lint(self):
        # A private copy, so workers other runs start from the fixtures do not count.
        root = self.tmpdir()
        shutil.copytree(PROBE_DIR, os.path.join(root, "probe"))
        os.mkdir(os.path.join(root, "spec"))
        spec = os.path.join(root, "spec", "bad.yaml")
        shutil.copy(ERRORS_BAD, spec)
        out = run_gw("lint", "--probe", spec)
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertIn("raised ValueError: boom", out.stdout)  # the copy's workers did run
        self.assertEqual(workers_in(os.path.realpath(os.path.join(root, "probe"))), [])

    def test_url_functions_are_probed_through_the_invoke_api(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _InvokeApi)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        spec = os.path.join(self.tmpdir(), "remote.yaml")
        with open(spec, "w", encoding="utf-8") as f:
            f.write(REMOTE_SPEC % server.server_address[1])
        _InvokeApi.events.clear()
        out = run_gw("lint", "--probe", spec)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        probe = [m for m in findings(out.stdout) if m.group(6) in PROBE_RULES]
        self.assertEqual([(m.group(6), m.group(2)) for m in probe],
                         [("proxy-probe-response-shape", "12")], out.stdout)
        self.assertIn("function 'remote' answered {\"hello\": \"remote\"}", probe[0].group(5))
        self.assertEqual(len(_InvokeApi.events), 1)
        path, event = _InvokeApi.events[0]
        self.assertEqual(path, "/2015-03-31/functions/remote/invocations")
        self.assertEqual(event["httpMethod"], "DELETE")
        self.assertEqual(event["path"], "/orders/1")
        self.assertEqual(event["resource"], "/orders/{orderId}")
        self.assertEqual(event["pathParameters"], {"orderId": "1"})
        self.assertEqual(event["headers"]["Origin"], "http://localhost:3000")
        self.assertEqual(event["requestContext"]["stage"], "local")

    def test_rules_are_listed_and_explained(self):
        listed = run_gw("lint", "--list-rules").stdout
        for rule in PROBE_RULES:
            self.assertIn(rule, listed)
        explained = run_gw("lint", "--explain", "proxy-probe-response-shape")
        self.assertEqual(explained.returncode, 0)
        self.assertIn("gw lint --probe", explained.stdout)
        self.assertIn("Bad:", explained.stdout)


if __name__ == "__main__":
    unittest.main()
