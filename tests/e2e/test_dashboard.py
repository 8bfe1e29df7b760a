"""The admin listener's live dashboard (gw serve --admin-port, GET /dashboard), in headless
Chromium (Debian's `chromium`): the page draws what gw served (requests per second, latency,
errors, the cache, each route, the last requests with their trace) and moves under load; a
screenshot is taken before and after more load and the two differ. Skipped without chromium."""
import http.client
import json
import os
import re
import shutil
import subprocess
import unittest

from gwtest import SOURCE_DIR, GwTestCase, poll

SPEC = os.path.join(SOURCE_DIR, "fixtures", "metrics", "rest.yaml")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@unittest.skipUnless(CHROMIUM, "chromium is not installed (apt install chromium)")
class DashboardTest(GwTestCase):
    def setUp(self):
        self.server = self.serve(SPEC, "--admin-port", "0")
        m = self.server.stdout.find(r"^admin: (http://127\.0\.0\.1:\d+/dashboard) ")
        self.assertIsNotNone(m, self.server.stdout.text())
        self.page = m.group(1)
        self.dir = self.tmpdir()

    def chromium(self, *args):
        out = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--user-data-dir=" + os.path.join(self.dir, "profile"), "--hide-scrollbars",
             "--window-size=1280,1100", "--virtual-time-budget=3000", *args, self.page],
            capture_output=True, text=True, timeout=90)
        return out

    def dom(self):
        out = self.chromium("--dump-dom")
        m = re.search(r'<body data-renders="(\d+)" data-requests="(\d+)"', out.stdout)
        self.assertIsNotNone(m, "no rendered body: %s" % out.stderr[-2000:])
        return int(m.group(1)), int(m.group(2)), out.stdout

    def screenshot(self, name):
        path = os.path.join(self.dir, name)
        out = self.chromium("--screenshot=" + path)
        self.assertTrue(os.path.exists(path), out.stderr[-2000:])
        with open(path, "rb") as f:
            data = f.read()
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        return data

    def load(self, n):
        for i in range(n):
            path = ["/prod/items/%d" % (i % 3), "/prod/broken", "/prod/nothing"][i % 3]
            self.server.request("GET", path)

    def counted(self, n):
        """Waits until gw has counted n requests (lines are counted after the answers)."""
        port = int(self.page.split(":")[2].split("/")[0])

        def total():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/metrics.json")
            view = json.loads(conn.getresponse().read())
            conn.close()
            return sum(s["Count"] for s in view["stages"]) == n
        poll(total, what="%d requests counted" % n)

    def test_the_page_draws_the_traffic_and_moves_under_load(self):
        self.load(30)
        self.counted(30)
        renders, requests, html = self.dom()
        self.assertGreaterEqual(renders, 1)
        self.assertEqual(requests, 30)
        self.assertIn("prod GET /items/{id}", html)
        self.assertIn("prod (no route)", html)  # /prod/nothing
        self.assertRegex(html, r'<canvas id="rps" [^>]*data-points="[1-9]')
        self.assertRegex(html, r'<canvas id="err" [^>]*data-points="[1-9]')  # 5XX and 403s
        # Each route has charts of its own (requests and errors per second, p99).
        self.assertRegex(html, r'<canvas class="spark" data-route="prod GET /broken" '
                               r'[^>]*data-points="[1-9]')
        self.assertIn("route: GET /items/", html)  # a request's execution trace
        before = self.screenshot("before.png")
        self.load(90)
        self.counted(120)
        _, requests, _ = self.dom()
        self.assertEqual(requests, 120)
        after = self.screenshot("after.png")
        self.assertNotEqual(before, after)  # the charts and counters moved
        if os.environ.get("GW_DASHBOARD_SHOT"):  # docs/dashboard.png is made this way
            shutil.copy(os.path.join(self.dir, "after.png"), os.environ["GW_DASHBOARD_SHOT"])


if __name__ == "__main__":
    unittest.main()
