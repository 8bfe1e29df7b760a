"""gw invoke and gw routes on the petstore; gw routes on broken fixtures and the corpus."""
import json
import os
import re
import unittest

from gwtest import PETSTORE, SHARED_DIR, SOURCE_DIR, UUID_RE, GwTestCase, run_gw


class InvokeTest(GwTestCase):
    def test_prints_like_curl_i(self):
        out = run_gw("invoke", PETSTORE, "GET", "/dev/pets")
        self.assertEqual(out.returncode, 0, out.stderr)
        head, _, body = out.stdout.partition("\n\n")
        self.assertTrue(head.startswith("HTTP/1.1 200 OK\n"), head)
        self.assertRegex(head, r"(?im)^x-amzn-RequestId: [0-9a-f-]{36}$")
        self.assertRegex(head, r"(?m)^X-Petstore: v1$")
        self.assertEqual(json.loads(body)[1]["name"], "kitty")

    def test_stage_prefix_added_when_one_stage(self):
        out = run_gw("invoke", PETSTORE, "GET", "/pets/1")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertTrue(out.stdout.startswith("HTTP/1.1 200 OK"), out.stdout)

    def test_json_output(self):
        out = run_gw("invoke", PETSTORE, "POST", "/dev/pets", "-H", "Content-Type: application/json",
                     "-d", '{"name":"rex"}', "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        doc = json.loads(out.stdout)
        self.assertEqual(doc["status"], 201)
        self.assertEqual(json.loads(doc["body"]), {"id": 3, "created": True})
        self.assertRegex(doc["requestId"], UUID_RE)
        self.assertIsInstance(doc["latencyMs"], (int, float))
        self.assertIsInstance(doc["headers"], dict)

    def test_error_status_still_exits_0(self):
        out = run_gw("invoke", PETSTORE, "GET", "/dev/nope", "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        doc = json.loads(out.stdout)
        self.assertEqual(doc["status"], 403)
        self.assertEqual(json.loads(doc["body"]), {"message": "Missing Authentication Token"})

    def test_trace_goes_to_stderr(self):
        out = run_gw("invoke", PETSTORE, "GET", "/dev/pets", "--trace")
        self.assertEqual(out.returncode, 0)
        self.assertTrue(out.stdout.startswith("HTTP/1.1 200"))
        self.assertNotEqual(out.stderr.strip(), "", "expected trace lines on stderr")

    def test_body_from_file(self):
        path = os.path.join(self.tmpdir(), "body.json")
        with open(path, "w") as f:
            f.write('{"name":"file"}')
        out = run_gw("invoke", PETSTORE, "POST", "/dev/pets", "-d", "@" + path, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)["status"], 201)

    def test_bad_input_exits_2(self):
        self.assertEqual(run_gw("invoke", PETSTORE, "GET", "/dev/pets", "-H", "nocolon").returncode,
                         2)
        self.assertEqual(run_gw("invoke", PETSTORE, "GET", "/dev/pets", "-d", "@/no/such").returncode,
                         2)
        self.assertEqual(run_gw("invoke", PETSTORE, "GET").returncode, 2)


class RoutesTest(GwTestCase):
    def test_table(self):
        out = run_gw("routes", PETSTORE)
        self.assertEqual(out.returncode, 0, out.stderr)
        lines = out.stdout.splitlines()
        self.assertRegex(lines[0], r"^METHOD\s+PATH\s+INTEGRATION\s+AUTH\s+API KEY$")
        self.assertEqual(len(lines), 5)
        self.assertRegex(lines[1], r"^GET\s+/pets\s+MOCK\s+NONE\s+no$")
        self.assertRegex(lines[4], r"^DELETE\s+/pets/\{petId\}\s+MOCK\s+NONE\s+no$")

    def test_json(self):
        out = run_gw("routes", PETSTORE, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        routes = json.loads(out.stdout)
        self.assertEqual([(r["method"], r["path"]) for r in routes],
                         [("GET", "/pets"), ("POST", "/pets"), ("GET", "/pets/{petId}"),
                          ("DELETE", "/pets/{petId}")])
        self.assertEqual(routes[0], {"method": "GET", "path": "/pets",
                                     "integration": {"type": "MOCK", "target": "mock"},
                                     "authorization": "NONE", "apiKeyRequired": False,
                                     "operationId": "listPets"})

    def test_broken_fixtures_report_positions(self):
        broken = os.path.join(SOURCE_DIR, "fixtures", "broken")
        manifest = os.path.join(broken, "EXPECTED")
        if not os.path.exists(manifest):
            self.skipTest("fixtures/broken/EXPECTED does not exist")
        with open(manifest) as f:
            entries = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
        self.assertTrue(entries)
        for name, position, substring in entries:
            with self.subTest(name=name):
                # Relative to the manifest, as the manifest's messages are.
                out = run_gw("routes", name, cwd=broken)
                self.assertEqual(out.returncode, 2, out.stderr)
                self.assertIn("gw: error: %s:%s: " % (name, position), out.stderr)
                self.assertIn(substring, out.stderr)

    def test_corpus_exits_0_or_2_with_positioned_errors(self):
        corpus = os.path.join(SHARED_DIR, "corpus")
        if not os.path.isdir(corpus):
            self.skipTest("no corpus at %s" % corpus)
        specs = sorted(f for f in os.listdir(corpus) if f.endswith((".yaml", ".yml", ".json")))
        self.assertTrue(specs)
        for name in specs:
            with self.subTest(spec=name):
                path = os.path.join(corpus, name)
                out = run_gw("routes", path)
                self.assertIn(out.returncode, (0, 2), out.stderr)
                if out.returncode == 2:
                    self.assertRegex(out.stderr, r"gw: error: %s:\d+:\d+: " % re.escape(path))


if __name__ == "__main__":
    unittest.main()
