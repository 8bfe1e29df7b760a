"""The reference lesson's exercise end to end on fixtures/exercise, as its README walks it: a
malformed body refused before the function (step 1), a Lambda TOKEN authorizer (step 2), a
usage plan's throttle (step 3), the stage cache keyed on {id} (step 4), a change deployed
behind a 10% canary measured over 1 000 requests, promoted, rolled back (step 5), and the
bonus: the custom domain events.localhost over HTTPS with gw's local CA, a log line a request.
"""
import http.client
import json
import os
import shutil
import signal

from gwtest import SOURCE_DIR, GwTestCase, https_get, poll, run_gw

FIXTURE = os.path.join(SOURCE_DIR, "fixtures", "exercise")
KEY = {"x-api-key": "demo-key-partner-a-0123456789"}
TOKEN = {"Authorization": "Bearer alice"}
JSON = {"Content-Type": "application/json"}
SEED = "7"


class ExerciseTest(GwTestCase):
    def setUp(self):
        if shutil.which("python3") is None:
            self.skipTest("python3 is needed for the exercise's functions")
        self.dir = os.path.join(self.tmpdir(), "exercise")
        shutil.copytree(FIXTURE, self.dir, ignore=shutil.ignore_patterns(".gw", "*.log"))
        self.spec = os.path.join(self.dir, "api.yaml")

    def invocations(self):
        path = os.path.join(self.dir, "invocations.log")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return f.read().splitlines()

    def versions(self, port, n, host="events.localhost"):
        """n GETs of /version through the domain on one connection: (version, canary) pairs."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        out = []
        try:
            for _ in range(n):
                conn.request("GET", "/version", headers={"Host": host})
                res = conn.getresponse()
                body = json.loads(res.read())
                out.append((body["version"], body["canary"]))
        finally:
            conn.close()
        return out

    def test_steps_1_to_4(self):
        server = self.serve(self.spec)
        # 1: a malformed body is 400 and the function never runs.
        status, _, text = server.request("POST", "/prod/events", '{"name": "x"}',
                                         {**KEY, **TOKEN, **JSON})
        self.assertEqual((status, json.loads(text)), (400, {"message": "Invalid request body"}))
        self.assertEqual(self.invocations(), [])
        # 2: no token is 401, a denied one 403; a valid one reaches the function.
        status, _, text = server.request("POST", "/prod/events", '{}', {**KEY, **JSON})
        self.assertEqual((status, json.loads(text)), (401, {"message": "Unauthorized"}))
        status, _, text = server.request("GET", "/prod/events/1", None,
                                         {**KEY, "Authorization": "Bearer deny"})
        self.assertEqual(status, 403, text)
        status, _, text = server.request("POST", "/prod/events",
                                         '{"name": "launch", "when": "2026-12-01"}',
                                         {**KEY, **TOKEN, **JSON})
        self.assertEqual(status, 201, text)
        # 4: repeated reads of one id are answered from the cache.
        reads = [json.loads(server.request("GET", "/prod/events/1", None, {**KEY, **TOKEN})[2])
                 for _ in range(3)]
        self.assertEqual(len({r["servedAt"] for r in reads}), 1)
        self.assertEqual(reads[0]["user"], "alice")
        self.assertEqual(self.invocations(), ["POST /events", "GET /events/1"])
        # 3: the usage plan's burst of 10 at 5 req/s runs out: 429.
        statuses = [server.request("GET", "/prod/events/1", None, {**KEY, **TOKEN})[0]
                    for _ in range(20)]
        self.assertIn(429, statuses)
        self.assertEqual(server.terminate(signal.SIGTERM), 0)
        self.assertTrue(server.stdout.find(r"cache prod GET /events/\{id\}: CacheHitCount [1-9]"),
                        server.stdout.text())

    def test_step_5_canary_then_promote_then_rollback(self):
        deployed = run_gw("deploy", self.spec, "--stage", "prod")
        self.assertEqual(deployed.returncode, 0, deployed.stderr)
        with open(self.spec) as f:
            text = f.read()
        with open(self.spec, "w") as f:
            f.write(text.replace('"version": 1,', '"version": 2,'))
        canary = run_gw("deploy", self.spec, "--stage", "prod", "--canary", "10")
        self.assertEqual(canary.returncode, 0, canary.stderr)
        stages = run_gw("stages", self.spec)
        self.assertRegex(stages.stdout, r"canary 10% to [0-9a-f]+")

        server = self.serve(self.spec, "--stage", "prod", "--seed", SEED)
        picks = self.versions(server.port, 1000)
        on_canary = sum(1 for v, c in picks if (v, c) == (2, "true"))
        self.assertEqual(on_canary + sum(1 for p in picks if p == (1, "false")), 1000)
        self.assertTrue(70 <= on_canary <= 130, on_canary)  # 10% within 3 points
        self.assertEqual(server.terminate(signal.SIGTERM), 0)
        self.assertTrue(server.stdout.find(r"metrics prod \(canary\): Count %d," % on_canary),
                        server.stdout.text())

        promoted = run_gw("stages", "promote", self.spec, "--stage", "prod")
        self.assertEqual(promoted.returncode, 0, promoted.stderr)
        server = self.serve(self.spec, "--stage", "prod")
        self.assertEqual(set(self.versions(server.port, 50)), {(2, "false")})
        rolled = run_gw("stages", "rollback", self.spec, "--stage", "prod")
        self.assertEqual(rolled.returncode, 0, rolled.stderr)
        self.assertNotRegex(run_gw("stages", self.spec).stdout, r"canary")

    def test_bonus_custom_domain_over_https_and_a_log_line_a_request(self):
        server = self.serve(self.spec, "--tls")
        ca = os.path.join(self.dir, ".gw", "tls", "ca.pem")
        self.assertTrue(server.stdout.find(
            r"domain events\.localhost/ -> stage prod +curl https://events\.localhost:%d/"
            % server.port), server.stdout.text())
        status, body = https_get(server.port, "/version", ca, "events.localhost")
        self.assertEqual(status, 200, body)
        self.assertIn('"version": 1', body)
        poll(lambda: server.stdout.find(r"GET +/prod/version +200"), what="the access log line")
