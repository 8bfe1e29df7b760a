"""gw serve --admin-port: CloudWatch's API Gateway metrics (Count, 4XXError, 5XXError, Latency,
IntegrationLatency, CacheHitCount, CacheMissCount) per stage and, with metricsEnabled, per method,
live on a loopback listener of their own: /metrics (Prometheus text, checked with promtool),
/metrics.json, /health; and the summary gw serve prints when it stops.

Metric names and meanings: AWS API Gateway Developer Guide, "Amazon API Gateway dimensions and
metrics" (Count, 4XXError, 5XXError, CacheHitCount, CacheMissCount, IntegrationLatency,
Latency; dimensions ApiName, Stage, and Method + Resource for detailed metrics)."""
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import unittest

from gwtest import SOURCE_DIR, GwTestCase, Server, header, poll

SPEC = os.path.join(SOURCE_DIR, "fixtures", "metrics", "rest.yaml")
STAGE = '{api="metrics",stage="%s",canary="false"}'
ITEMS = '{api="metrics",stage="prod",canary="false",method="GET",resource="/items/{id}"}'


def admin_get(port, path, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path)
        res = conn.getresponse()
        return res.status, res.getheaders(), res.read().decode()
    finally:
        conn.close()


def sample(text, name):
    """The value of the sample `name` (with its labels) in an exposition, or None."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line[len(name) + 1:])
    return None


class AdminListenerTest(GwTestCase):
    def setUp(self):
        self.server = self.serve(SPEC, "--admin-port", "0")
        m = self.server.stdout.find(r"^admin: http://127\.0\.0\.1:(\d+)/dashboard \(also "
                                    r"/metrics, /metrics\.json, /health\)$")
        self.assertIsNotNone(m, self.server.stdout.text())
        self.admin = int(m.group(1))

    def send_traffic(self):
        for path, want in [("/prod/items/1", 200), ("/prod/items/1", 200), ("/prod/items/2", 200),
                           ("/prod/broken", 500), ("/prod/nothing", 403), ("/dev/items/1", 200),
                           ("/nostage", 403)]:
            status, _, _ = self.server.request("GET", path)
            self.assertEqual(status, want, path)

    def metrics_once_counted(self):
        """/metrics once the 6 requests that reached a stage are counted (after their answers)."""
        def counted():
            _, _, text = admin_get(self.admin, "/metrics")
            prod, dev = sample(text, "gw_count_total" + STAGE % "prod"), sample(
                text, "gw_count_total" + STAGE % "dev")
            return text if prod == 5 and dev == 1 else None
        return poll(counted, what="the requests to be counted on /metrics")

    def test_prometheus_counters_per_stage_and_method(self):
        self.send_traffic()
        text = self.metrics_once_counted()
        prod = STAGE % "prod"
        self.assertEqual(sample(text, "gw_4xx_errors_total" + prod), 1)
        self.assertEqual(sample(text, "gw_5xx_errors_total" + prod), 1)
        self.assertEqual(sample(text, "gw_cache_hits_total" + prod), 1)
        # Stage caching covers every GET of the stage (AWS: GET methods are cached when the
        # stage cache is on): /prod/broken's 500 is a miss that is not stored.
        self.assertEqual(sample(text, "gw_cache_misses_total" + prod), 3)
        self.assertEqual(sample(text, "gw_cache_misses_total" + STAGE % "dev"), 0)
        self.assertEqual(sample(text, "gw_latency_seconds_count" + prod), 5)
        self.assertEqual(sample(text, 'gw_latency_seconds_bucket{api="metrics",stage="prod",'
                                      'canary="false",le="+Inf"}'), 5)
        # IntegrationLatency counts requests that reached a backend; a MOCK has none (its line
        # says "integration -"), so this API's histogram stays empty.
        self.assertEqual(sample(text, "gw_integration_latency_seconds_count" + prod), 0)
        # Detailed metrics only for the method whose stage turns metricsEnabled on.
        self.assertEqual(sample(text, "gw_method_count_total" + ITEMS), 3)
        self.assertEqual(sample(text, "gw_method_cache_hits_total" + ITEMS), 1)
        self.assertNotIn('resource="/broken"', text)
        self.assertIn("# HELP gw_count_total CloudWatch Count: API requests of a stage.\n", text)
        self.assertIn("# TYPE gw_latency_seconds histogram\n", text)
        self.assertIsNotNone(sample(text, "gw_open_connections"))

    @unittest.skipUnless(shutil.which("promtool"), "promtool (Debian's prometheus) not installed")
    def test_promtool_accepts_the_exposition(self):
        self.send_traffic()
        text = self.metrics_once_counted()
        check = subprocess.run(["promtool", "check", "metrics"], input=text, text=True,
                               capture_output=True, timeout=30)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertEqual(check.stdout.strip() + check.stderr.strip(), "")  # no lint problems

    def test_json_view_health_and_other_paths(self):
        self.send_traffic()
        self.metrics_once_counted()
        status, headers, body = admin_get(self.admin, "/metrics.json")
        self.assertEqual(status, 200)
        self.assertEqual(header(headers, "Content-Type"), "application/json")
        view = json.loads(body)
        self.assertEqual((view["api"], view["apiType"]), ("metrics", "REST"))
        prod = next(s for s in view["stages"] if s["stage"] == "prod")
        self.assertEqual((prod["Count"], prod["4XXError"], prod["5XXError"]), (5, 1, 1))
        self.assertEqual((prod["CacheHitCount"], prod["CacheMissCount"]), (1, 3))
        self.assertEqual(prod["Latency"]["count"], 5)
        self.assertGreater(prod["Latency"]["p99Ms"], 0)
        self.assertEqual([(m["method"], m["resource"], m["Count"]) for m in view["methods"]],
                         [("GET", "/items/{id}", 3)])
        self.assertEqual(admin_get(self.admin, "/health")[2], '{"status":"ok"}\n')
        self.assertEqual(admin_get(self.admin, "/prod/items/1")[0], 404)  # never the API
        status, headers, _ = admin_get(self.admin, "/metrics", method="DELETE")
        self.assertEqual((status, header(headers, "Allow")), (405, "GET, HEAD"))

    def test_the_summary_when_gw_stops(self):
        self.send_traffic()
        self.metrics_once_counted()
        self.assertEqual(self.server.terminate(), 0)
        out = self.server.stdout.text()
        self.assertRegex(out, r"metrics prod: Count 5, 4XXError 1, 5XXError 1, Latency p50 "
                              r"\d+\.\d ms p99 \d+\.\d ms, CacheHitCount 1, CacheMissCount 3\n")
        self.assertRegex(out, r"metrics dev: Count 1, 4XXError 0, 5XXError 0, Latency p50 "
                              r"\d+\.\d ms p99 \d+\.\d ms\n")


class ServeLineTest(GwTestCase):
    """The serve line says what decided an answer: the stage cache, the limit behind a 429."""

    def line_of(self, server, rid):
        return poll(lambda: server.stdout.find(r"^.*%s.*$" % re.escape(rid)),
                    what="the line of " + rid).group(0)

    def test_cache_and_throttle_decisions(self):
        server = self.serve(SPEC)
        rids = []
        for path in ["/prod/items/9", "/prod/items/9", "/prod/limited", "/prod/limited"]:
            _, headers, _ = server.request("GET", path)
            rids.append(header(headers, "x-amzn-RequestId"))
        self.assertTrue(self.line_of(server, rids[0]).endswith(rids[0] + "  cache miss"))
        self.assertTrue(self.line_of(server, rids[1]).endswith(rids[1] + "  cache hit"))
        self.assertTrue(self.line_of(server, rids[2]).endswith(rids[2] + "  cache miss"))
        self.assertRegex(self.line_of(server, rids[3]),
                         r" 429 .*%s  throttled by method of stage 'prod' \(rate 0\.001/s, "
                         r"burst 1\)$" % rids[3])


class AdminPortTest(GwTestCase):
    def test_an_admin_port_in_use_is_refused(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            port = taken.getsockname()[1]
            server = Server(SPEC, "--admin-port", str(port))
            self.addCleanup(server.stop)
            self.assertEqual(server.proc.wait(30), 4)
            server.stderr.join()
            self.assertIn("gw: error: admin listener: port %d is in use\n  hint: pick another "
                          "port with --admin-port" % port, server.stderr.text())

    def test_without_the_flag_there_is_no_admin_listener(self):
        server = self.serve(SPEC)
        self.assertIsNone(server.stdout.find(r"^admin: "))


if __name__ == "__main__":
    unittest.main()
