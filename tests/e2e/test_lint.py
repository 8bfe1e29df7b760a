"""gw lint end to end: the line format, formats, exit codes, configuration, several specs."""
import json
import os
import re
import shutil

from gwtest import SOURCE_DIR, GwTestCase, run_gw

LINT = os.path.join(SOURCE_DIR, "fixtures", "lint")
CLEAN = os.path.join(LINT, "clean.yaml")
REALWORLD = os.path.join(LINT, "realworld", "petstore-cors.yaml")
LINE_RE = re.compile(r"^(.+):(\d+):(\d+): (error|warning|info): (.+) \[([a-z0-9-]+)\]$")


class LintTest(GwTestCase):
    def test_clean_spec_has_no_findings(self):
        out = run_gw("lint", CLEAN)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(out.stdout.strip(), "no findings in 1 file")

    def test_findings_are_compiler_style_sorted_with_a_summary(self):
        out = run_gw("lint", REALWORLD)
        self.assertEqual(out.returncode, 1, out.stderr)
        lines = out.stdout.strip().splitlines()
        findings = [LINE_RE.match(l) for l in lines[:-1]]
        self.assertTrue(all(findings), lines)
        positions = [(int(m.group(2)), int(m.group(3))) for m in findings]
        self.assertEqual(positions, sorted(positions))
        rules = {m.group(6) for m in findings}
        self.assertLessEqual({"proxy-lambda-method", "proxy-lambda-uri", "cors-missing-preflight",
                              "cors-preflight-methods", "correctness-path-params"}, rules)
        self.assertRegex(lines[-1], r"^\d+ errors?, \d+ warnings?, \d+ infos? in 1 file$")
        self.assertNotIn("\x1b[", out.stdout)  # NO_COLOR, and not a TTY

    def test_fail_on_decides_the_exit_code(self):
        spec = os.path.join(LINT, "security-tls-policy", "bad.yaml")  # a warning, no error
        self.assertEqual(run_gw("lint", spec).returncode, 0)
        self.assertEqual(run_gw("lint", spec, "--fail-on", "warning").returncode, 1)
        self.assertEqual(run_gw("lint", spec, "--fail-on", "loud").returncode, 2)

    def test_several_specs_at_once(self):
        out = run_gw("lint", CLEAN, REALWORLD, "--format", "json")
        self.assertEqual(out.returncode, 1)
        doc = json.loads(out.stdout)
        self.assertEqual(doc["summary"]["files"], 2)
        files = {f["file"] for f in doc["findings"]}
        self.assertEqual(files, {REALWORLD})
        for f in doc["findings"]:
            self.assertEqual(set(f), {"file", "line", "column", "severity", "rule", "category",
                                      "message"})

    def test_sarif_and_github_formats(self):
        out = run_gw("lint", REALWORLD, "--format", "sarif")
        sarif = json.loads(out.stdout)
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertIn("sarif-2.1.0", sarif["$schema"])
        results = sarif["runs"][0]["results"]
        self.assertTrue(results)
        for r in results:
            self.assertIn(r["level"], ("error", "warning", "note"))
            loc = r["locations"][0]["physicalLocation"]
            self.assertEqual(loc["artifactLocation"]["uri"], REALWORLD)
            self.assertGreater(loc["region"]["startLine"], 0)
        gh = run_gw("lint", REALWORLD, "--format", "github").stdout.splitlines()
        self.assertTrue(gh)
        for line in gh:
            self.assertRegex(line, r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,"
                                   r"title=[a-z0-9-]+::.+")

    def test_bad_input_exits_2(self):
        broken = os.path.join(SOURCE_DIR, "fixtures", "broken")
        out = run_gw("lint", os.path.join(broken, "tab-indented.yaml"))
        self.assertEqual(out.returncode, 2)
        self.assertIn("gw: error:", out.stderr)
        self.assertEqual(run_gw("lint", "/nonexistent.yaml").returncode, 2)
        out = run_gw("lint", os.path.join(broken, "integration-no-type.yaml"))
        self.assertEqual(out.returncode, 2)
        self.assertIn("has no 'type'", out.stderr)
        self.assertEqual(run_gw("lint").returncode, 2)

    def test_a_load_error_a_rule_explains_is_a_finding(self):
        spec = os.path.join(LINT, "correctness-timeout-range", "bad.yaml")
        out = run_gw("lint", spec)
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertIn("[correctness-timeout-range]", out.stdout)
        spec = os.path.join(LINT, "correctness-unresolved-ref", "bad.yaml")
        out = run_gw("lint", spec)
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertIn("#/components/parameters/Limt", out.stdout)

    def test_list_rules_and_explain(self):
        out = run_gw("lint", "--list-rules")
        self.assertEqual(out.returncode, 0)
        ids = [l.split()[0] for l in out.stdout.splitlines()[:-1]]
        self.assertGreaterEqual(len(ids), 30)
        self.assertEqual(ids, sorted(ids))
        as_json = json.loads(run_gw("lint", "--list-rules", "--format", "json").stdout)
        self.assertEqual([r["id"] for r in as_json], ids)
        out = run_gw("lint", "--explain", "cors-missing-preflight")
        self.assertEqual(out.returncode, 0)
        self.assertIn("Bad:", out.stdout)
        self.assertIn("Good:", out.stdout)
        out = run_gw("lint", "--explain", "cors-missing-prefligt")
        self.assertEqual(out.returncode, 2)
        self.assertIn("did you mean 'cors-missing-preflight'", out.stderr)
        self.assertEqual(run_gw("lint", CLEAN, "--disable", "no-such-rule").returncode, 2)

    def test_gwlint_yaml_beside_the_spec_and_disable_flag(self):
        tmp = self.tmpdir()
        spec = os.path.join(tmp, "api.yaml")
        shutil.copy(os.path.join(LINT, "security-plain-http-backend", "bad.yaml"), spec)
        self.assertIn("[security-plain-http-backend]", run_gw("lint", spec).stdout)
        out = run_gw("lint", spec, "--disable", "security")
        self.assertNotIn("[security-", out.stdout)
        with open(os.path.join(tmp, ".gwlint.yaml"), "w") as f:
            f.write("severity: {security-plain-http-backend: error}\n")
        out = run_gw("lint", spec)
        self.assertEqual(out.returncode, 1)
        self.assertRegex(out.stdout, r": error: .*\[security-plain-http-backend\]")
        with open(os.path.join(tmp, ".gwlint.yaml"), "w") as f:
            f.write("disable: [security-plain-http-bakend]\n")
        out = run_gw("lint", spec)
        self.assertEqual(out.returncode, 2)
        self.assertIn(".gwlint.yaml:1:", out.stderr)
        self.assertIn("did you mean 'security-plain-http-backend'", out.stderr)

    def test_realworld_specs_each_known_mistake_is_reported(self):
        folder = os.path.join(LINT, "realworld")
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            with self.subTest(spec=name):
                expected = set()
                with open(path) as f:
                    for n, line in enumerate(f, 1):
                        m = re.search(r"# expect: (\S+)", line)
                        if m:
                            expected.add((n + 1, m.group(1)))
                out = run_gw("lint", path)
                found = set()
                for line in out.stdout.splitlines():
                    m = LINE_RE.match(line)
                    if m:
                        found.add((int(m.group(2)), m.group(6)))
                self.assertLessEqual(expected, found, out.stdout + out.stderr)
