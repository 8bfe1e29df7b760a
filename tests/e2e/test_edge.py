"""Edge protection end to end: the reference lesson's exercise (steps 1, 3 and 4) in
fixtures/edge, served by the real binary: request validation before the function, usage-plan
throttling and quotas with counters that survive a restart (`gw usage`), the stage cache."""
import json
import os
import shutil
import signal

from gwtest import SOURCE_DIR, GwTestCase, poll, run_gw

FIXTURE = os.path.join(SOURCE_DIR, "fixtures", "edge")
KEY = {"x-api-key": "demo-key-partner-a-0123456789"}
JSON = {"Content-Type": "application/json"}


class EdgeTest(GwTestCase):
    def setUp(self):
        if shutil.which("python3") is None:
            self.skipTest("python3 is needed for the exercise's function")
        self.dir = os.path.join(self.tmpdir(), "edge")
        shutil.copytree(FIXTURE, self.dir, ignore=shutil.ignore_patterns(".gw", "*.log"))
        self.spec = os.path.join(self.dir, "events.yaml")
        self.log = os.path.join(self.dir, "invocations.log")

    def invocations(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return f.read().splitlines()

    def test_step1_malformed_body_is_rejected_before_the_function(self):
        server = self.serve(self.spec)
        for body in ('{"name": "launch"}', '{"name": "", "when": "2026-01-01"}',
                     '{"name": "x", "when": "tomorrow"}', "not json", ""):
            status, headers, text = server.request("POST", "/prod/events", body,
                                                   {**KEY, **JSON})
            self.assertEqual(status, 400, body)
            self.assertEqual(json.loads(text), {"message": "Invalid request body"})  # fact 50
        self.assertEqual(self.invocations(), [])  # the function never ran
        status, _, text = server.request("POST", "/prod/events",
                                         '{"name": "launch", "when": "2026-12-01"}',
                                         {**KEY, **JSON})
        self.assertEqual(status, 201, text)
        self.assertEqual(self.invocations(), ["POST /events"])

    def test_missing_or_unknown_key_is_forbidden(self):
        server = self.serve(self.spec)
        for headers in ({}, {"x-api-key": "nope"}):
            status, hdrs, text = server.request("GET", "/prod/events/1", None, headers)
            self.assertEqual(status, 403)  # fact 59
            self.assertEqual(json.loads(text), {"message": "Forbidden"})

    def test_step4_cache_keyed_on_id(self):
        server = self.serve(self.spec)
        first = [json.loads(server.request("GET", "/prod/events/1", None, KEY)[2])
                 for _ in range(3)]
        self.assertEqual(len({r["servedAt"] for r in first}), 1)  # hits repeat the answer
        other = json.loads(server.request("GET", "/prod/events/2", None, KEY)[2])
        self.assertEqual(other["id"], "2")  # a distinct id never shares the entry
        self.assertEqual(self.invocations(), ["GET /events/1", "GET /events/2"])
        # CacheHitCount rises on repeated reads (the exercise's step 4), printed at exit.
        self.assertEqual(server.terminate(signal.SIGTERM), 0)
        self.assertIsNotNone(server.stdout.find(
            r"cache prod GET /events/\{id\}: CacheHitCount 2, CacheMissCount 2"),
            server.stdout.text())

    def test_step3_throttle_then_quota_then_restart(self):
        server = self.serve(self.spec)
        # A first call starts the function and takes one token of the full bucket (burst 10);
        # the burst that follows is answered from the cache, fast enough to outrun 5 req/s:
        # at least the 9 tokens left pass (more if the bucket refilled meanwhile), then 429s.
        self.assertEqual(server.request("GET", "/prod/events/1", None, KEY)[0], 200)
        statuses = [server.request("GET", "/prod/events/1", None, KEY)[0] for _ in range(20)]
        self.assertIn(429, statuses)  # burst 10 at 5 req/s
        self.assertGreaterEqual(statuses.count(200), 9)
        allowed = 1 + statuses.count(200)
        throttled = {"n": 0}

        def until_quota():
            status, _, text = server.request("GET", "/prod/events/1", None, KEY)
            if status == 200:
                counts["ok"] += 1
                return False
            message = json.loads(text)["message"]
            if message == "Too Many Requests":
                throttled["n"] += 1
                return False
            return message
        counts = {"ok": allowed}
        self.assertEqual(poll(until_quota, what="the quota to run out"), "Limit Exceeded")
        self.assertEqual(counts["ok"], 20)  # the plan's daily quota, exactly
        self.assertEqual(server.terminate(signal.SIGTERM), 0)

        out = run_gw("usage", self.spec, "--key", "partner-a", "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        usage = json.loads(out.stdout)["usage"]
        self.assertEqual(len(usage), 1)
        self.assertEqual((usage[0]["plan"], usage[0]["used"], usage[0]["remaining"]),
                         ("basic", 20, 0))
        self.assertEqual(sum(usage[0]["days"].values()), 20)

        again = self.serve(self.spec)  # a restart loses no usage
        status, _, text = again.request("GET", "/prod/events/1", None, KEY)
        self.assertEqual((status, json.loads(text)), (429, {"message": "Limit Exceeded"}))

    def test_usage_is_current_within_a_second_while_serving(self):
        # Issue 21: requests flush the counters at most once a second, so the second of two
        # quick requests stayed unsaved until a later request came; gw usage lagged behind.
        server = self.serve(self.spec)
        for _ in range(2):
            self.assertEqual(server.request("GET", "/prod/events/1", None, KEY)[0], 200)

        def used():
            out = run_gw("usage", self.spec, "--key", "partner-a", "--json")
            self.assertEqual(out.returncode, 0, out.stderr)
            usage = json.loads(out.stdout)["usage"]
            return usage and usage[0]["used"] == 2
        poll(used, limit=5, what="gw usage to show both requests")

    def test_state_dir_moves_the_counters(self):
        state = os.path.join(self.dir, "elsewhere")
        server = self.serve(self.spec, "--state-dir", state)
        self.assertEqual(server.request("GET", "/prod/events/7", None, KEY)[0], 200)
        self.assertEqual(server.terminate(signal.SIGTERM), 0)
        self.assertTrue(os.path.exists(os.path.join(state, "usage.json")))
        self.assertFalse(os.path.exists(os.path.join(self.dir, ".gw", "usage.json")))
        out = run_gw("usage", "--state-dir", state, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        usage = json.loads(out.stdout)["usage"]
        self.assertEqual([(u["key"], u["used"], u["remaining"]) for u in usage],
                         [("partner-a", 1, None)])  # no SPEC: the quota is unknown

    def test_usage_rejects_an_unknown_key(self):
        out = run_gw("usage", self.spec, "--key", "nobody")
        self.assertEqual(out.returncode, 2)
        self.assertIn("unknown API key 'nobody'", out.stderr)
        out = run_gw("usage", self.spec)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("KEY", out.stdout)
