"""CORS in a real browser: headless Chromium (Debian's `chromium`) loads a page from another
loopback origin that calls the API with a non-simple request (PUT, JSON, a custom header). It
succeeds with a correct configuration and fails with each classic mistake, as on AWS.
Skipped when chromium is not installed."""
import functools
import http.server
import os
import shutil
import subprocess
import threading

from gwtest import SOURCE_DIR, GwTestCase

FIXTURE = os.path.join(SOURCE_DIR, "fixtures", "edge")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PAGE = """<!doctype html><html><body>pending<script>
const q = new URLSearchParams(location.search);
fetch(q.get("url"), {method: "PUT", body: "{}",
                     headers: {"Content-Type": "application/json", "X-Trace-Id": "t1"}})
  .then(r => r.text().then(t => { document.body.textContent = "RESULT OK " + r.status; }))
  .catch(e => { document.body.textContent = "RESULT FAIL " + e; });
</script></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class EdgeBrowserTest(GwTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if CHROMIUM is None:
            raise __import__("unittest").SkipTest("chromium is not installed (apt install chromium)")
        if shutil.which("python3") is None:
            raise __import__("unittest").SkipTest("python3 is needed for the fixture's functions")

    def setUp(self):
        root = self.tmpdir()
        self.dir = os.path.join(root, "edge")
        shutil.copytree(FIXTURE, self.dir, ignore=shutil.ignore_patterns(".gw", "*.log"))
        site = os.path.join(root, "site")
        os.mkdir(site)
        with open(os.path.join(site, "page.html"), "w") as f:
            f.write(PAGE)
        handler = functools.partial(_Quiet, directory=site)
        self.site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.site.serve_forever, daemon=True).start()
        self.addCleanup(self.site.server_close)
        self.addCleanup(self.site.shutdown)
        self.profile = os.path.join(root, "profile")

    def browse(self, page_host, api_url):
        """Loads the page from page_host (another origin than the API); returns its verdict."""
        page = "http://%s:%d/page.html?url=%s" % (page_host, self.site.server_address[1], api_url)
        out = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--user-data-dir=" + self.profile, "--virtual-time-budget=10000", "--dump-dom", page],
            capture_output=True, text=True, timeout=90)
        for line in out.stdout.splitlines():
            if "RESULT" in line:
                return line.split("RESULT ", 1)[1].split("<", 1)[0].strip()
        self.fail("no verdict from chromium: %s" % out.stderr[-2000:])

    def test_http_api_cors_configuration(self):
        api = self.serve(os.path.join(self.dir, "cors-http.yaml"))
        self.assertEqual(self.browse("127.0.0.1", api.url("/items")), "OK 200")
        # Mistake: the page's origin is not in allowOrigins.
        self.assertTrue(self.browse("localhost", api.url("/items")).startswith("FAIL"))

    def test_rest_api_classic_mistakes(self):
        api = self.serve(os.path.join(self.dir, "cors-rest.yaml"))
        # Lambda proxy without Access-Control-Allow-Origin: the preflight passes, the call fails.
        self.assertTrue(self.browse("127.0.0.1", api.url("/prod/items")).startswith("FAIL"))
        # A 5xx without CORS headers looks like a CORS error (fact 77).
        self.assertTrue(self.browse("127.0.0.1", api.url("/prod/broken")).startswith("FAIL"))
        # The fix: the function adds the header.
        self.assertEqual(self.browse("127.0.0.1", api.url("/prod/fixed")), "OK 200")
