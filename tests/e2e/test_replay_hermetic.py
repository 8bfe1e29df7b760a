"""gw replay is hermetic (issue 14): traffic recorded with `gw serve --record` through every
fixture API that has backends (Lambda TOKEN and REQUEST authorizers, cached answers included,
Cognito, JWT, IAM; edge protection; Lambda handlers; templates with the AWS sink and an HTTP
backend) replays green with every handler and backend stopped, whatever the job count, and
leaves the state directory byte for byte as it was."""
import hashlib
import http.server
import json
import os
import re
import shutil
import threading

from gwtest import GwTestCase, SOURCE_DIR, run_gw, send_json
import test_auth

FIXTURES = os.path.join(SOURCE_DIR, "fixtures")
SUMMARY_RE = re.compile(r"(?m)^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")


def checksums(root):
    """sha256 of every file under root, by relative path."""
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


class _Items(http.server.BaseHTTPRequestHandler):
    """The templates fixture's HTTP backend (GET /items/{id})."""
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b'{"id": "3", "name": "lamp"}'
        send_json(self, body)

    def log_message(self, *args):
        pass


class HermeticReplayTest(GwTestCase):
    def copy(self, name):
        path = os.path.join(self.tmpdir(), name)
        shutil.copytree(os.path.join(FIXTURES, name), path,
                        ignore=shutil.ignore_patterns(".gw", "__pycache__", "*.log"))
        return path

    def record(self, spec, requests, serve_args=()):
        """Serves spec recording `requests` ((method, path, body, headers) or a callable given
        the server), stops it (and so every handler), returns the recording and statuses."""
        path = os.path.join(self.tmpdir(), "session.jsonl")
        server = self.serve(spec, "--record", path, *serve_args)
        statuses = []
        for r in requests:
            if callable(r):
                r = r(server)
            method, p, body, headers = r
            statuses.append(server.request(method, p, body=body, headers=headers)[0])
        self.assertEqual(server.terminate(), 0)
        with open(path) as f:
            self.assertEqual(len(f.read().splitlines()), len(requests))
        return path, statuses

    def replay_green(self, spec, recording, state_root, count, extra=()):
        before = checksums(state_root)
        for jobs in ("1", "3"):
            out = run_gw("replay", spec, recording, "--jobs", jobs, *extra)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            m = SUMMARY_RE.search(out.stdout)
            self.assertEqual((int(m.group(1)), int(m.group(2))), (count, 0), out.stdout)
        for shard in ("1/2", "2/2"):
            out = run_gw("replay", spec, recording, "--shard", shard, *extra)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(checksums(state_root), before)

    def test_rest_authorizers_cognito_and_iam(self):
        root = self.copy("auth")
        spec = os.path.join(root, "rest.yaml")
        cognito = test_auth.token(spec, "--issuer", test_auth.COGNITO_ISS,
                                  "--aud", "example-client", "--token-use", "id")
        bearer = {"Authorization": "Bearer alice"}
        requests = [
            ("GET", "/local/token/pets", None, bearer),
            ("GET", "/local/token/pets", None, bearer),  # the authorizer's cache answers
            ("POST", "/local/token/pets", "{}", dict(bearer, **{"Content-Type": "application/json"})),
            ("GET", "/local/token/pets", None, {"Authorization": "Bearer narrow"}),
            ("POST", "/local/token/pets", "{}", {"Authorization": "Bearer narrow"}),  # cached deny
            ("GET", "/local/token/pets", None, {"Authorization": "Bearer deny"}),
            ("GET", "/local/token/pets", None, {"Authorization": "Bearer unauthorized"}),
            ("GET", "/local/request/pets", None, {"X-Tenant": "acme"}),
            ("GET", "/local/request/pets", None, {"X-Tenant": "acme"}),
            ("GET", "/local/cognito/pets", None, {"Authorization": cognito}),
            ("GET", "/local/open", None, {}),
            ("GET", "/local/blocked", None, {}),
        ]
        if shutil.which("node") and os.path.isdir(test_auth.AWS4):
            def signed(server):
                path, headers = test_auth.aws4_sign(server.port, "/local/iam/pets")
                return ("GET", path, None, headers)
            requests.append(signed)
        recording, statuses = self.record(spec, requests)
        self.assertEqual(statuses[:7], [200, 200, 200, 200, 403, 403, 401])
        with open(recording) as f:
            second = json.loads(f.read().splitlines()[1])
        self.assertTrue(second["integrations"][0]["cached"], second["integrations"])
        self.replay_green(spec, recording, root, len(requests))

    def test_http_api_jwt_and_lambda_authorizer(self):
        root = self.copy("auth")
        spec = os.path.join(root, "http.yaml")
        jwt = test_auth.token(spec, "--aud", "example-app", "--scope", "pets/admin")
        requests = [
            ("GET", "/jwt/pets", None, {"Authorization": "Bearer " + jwt}),
            ("GET", "/jwt/admin", None, {"Authorization": "Bearer " + jwt}),
            ("GET", "/lambda/pets", None, {"x-token": "let-me-in"}),
            ("GET", "/lambda/pets", None, {"x-token": "let-me-in"}),
            ("GET", "/lambda/pets", None, {"x-token": "nope"}),
        ]
        recording, statuses = self.record(spec, requests)
        self.assertEqual(statuses[0], 200)
        self.replay_green(spec, recording, root, len(requests))

    def test_edge_usage_plan_validation_cache_and_cors(self):
        root = self.copy("edge")
        spec = os.path.join(root, "events.yaml")
        key = {"x-api-key": "demo-key-partner-a-0123456789", "Content-Type": "application/json"}
        requests = [("POST", "/prod/events", '{"name":"launch"}', key),
                    ("POST", "/prod/events", '{"nope":1}', key),
                    ("GET", "/prod/events/1", None, key),
                    ("GET", "/prod/events/1", None, {})]
        recording, statuses = self.record(spec, requests)
        self.assertIn("usage.json", os.listdir(os.path.join(root, ".gw")))
        self.replay_green(spec, recording, root, len(requests), ("--ignore-header", "X-Cache"))
        cors = os.path.join(root, "cors-http.yaml")
        recording, _ = self.record(cors, [
            ("OPTIONS", "/items", None, {"Origin": "https://app.example.com",
                                         "Access-Control-Request-Method": "GET"}),
            ("GET", "/items", None, {"Origin": "https://app.example.com"})])
        self.replay_green(cors, recording, root, 2)

    def test_lambda_handlers(self):
        root = self.copy("lambda")
        for spec, prefix in ((os.path.join(root, "handlers", "rest.yaml"), "/local"),
                             (os.path.join(root, "handlers", "http.yaml"), "")):
            requests = [("GET", prefix + p, None, {}) for p in
                        ("/echo?x=1", "/bare", "/boom", "/cookies", "/items/7")]
            recording, _ = self.record(spec, requests)
            self.replay_green(spec, recording, root, len(requests))

    def test_templates_aws_sink_and_http_backend(self):
        root = self.copy("templates")
        backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Items)
        threading.Thread(target=backend.serve_forever, daemon=True).start()
        state = os.path.join(root, "state")
        config = os.path.join(root, "gw.yaml")
        with open(config, "w") as f:
            f.write("""x-gw:
  apiType: REST
  stages:
    dev:
      variables: {table: orders-dev, backend: "http://127.0.0.1:%d"}
  functions:
    greeter: {runtime: python3.12, handler: app.handler, codeUri: %s, timeout: 3}
""" % (backend.server_address[1], root))
        spec = os.path.join(root, "api.yaml")
        json_ct = {"Content-Type": "application/json"}
        requests = [("POST", "/dev/pets/7?color=red", '{"name": "Rex", "tags": ["a"]}', json_ct),
                    ("GET", "/dev/greet?name=Ada", None, {}),
                    ("POST", "/dev/orders", '{"id": "o-7", "total": 4.5}', json_ct),
                    ("GET", "/dev/orders/o-7", None, {}),
                    ("POST", "/dev/queue", '{"order": "o-1"}', json_ct),
                    ("GET", "/dev/items/3", None, {})]
        recording, statuses = self.record(spec, requests, ("--config", config,
                                                           "--state-dir", state))
        backend.shutdown()
        backend.server_close()
        self.assertEqual(statuses[3], 200)
        self.assertTrue(os.path.exists(os.path.join(state, "aws-calls.jsonl")))
        self.replay_green(spec, recording, root, len(requests), ("--config", config))
