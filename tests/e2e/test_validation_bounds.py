"""Request validation and spec loading under hostile input (issue 16, items 1-3): bodies that
crashed `gw serve` through valijson's std::regex and recursion, catastrophic patterns, recursive
models, absurdly nested specs and $ref loops; a running server survives them, hot reload too."""
import json
import os
import unittest

from gwtest import GwTestCase, header, poll, run_gw

SPEC = '''openapi: "3.0.3"
info: {title: bounds, version: "1"}
x-amazon-apigateway-request-validators:
  all: {validateRequestBody: true, validateRequestParameters: true}
components:
  schemas:
    Tree:
      type: object
      properties:
        name: {type: string}
        child: {$ref: "#/components/schemas/Tree"}
        other: {$ref: "#/components/schemas/Other"}
    Other:
      type: object
      properties:
        back: {$ref: "#/components/schemas/Tree"}
    Strings:
      type: object
      properties:
        s: {type: string, pattern: "^[a-z]*$"}
        d: {type: string, format: date-time}
        r: {type: string, pattern: "^(a+)+$"}
        n: {type: number}
paths:
  /tree:
    post:
      x-amazon-apigateway-request-validator: all
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Tree"}
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration: &mock
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default: {statusCode: "200", responseTemplates: {application/json: '{"ok":true}'}}
  /strings:
    post:
      x-amazon-apigateway-request-validator: all
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Strings"}
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration: *mock
'''

LOOP = SPEC.replace('''    Other:
      type: object
      properties:
        back: {$ref: "#/components/schemas/Tree"}''', '''    Other: {$ref: "#/components/schemas/Loop"}
    Loop: {$ref: "#/components/schemas/Other"}''')

DEEP = "openapi: \"3.0.3\"\nx-deep: " + "[" * 20000 + "]" * 20000 + "\n"


def tree(levels, leaf='"leaf"'):
    body = '{"name":%s}' % leaf
    for _ in range(levels - 1):
        body = '{"child":%s}' % body
    return body


class ValidationBoundsTest(GwTestCase):
    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def setUp(self):
        self.dir = self.tmpdir()
        self.spec = self.write("api.yaml", SPEC)

    def post(self, server, path, body):
        return server.request("POST", "/local" + path, body=body,
                              headers={"Content-Type": "application/json"})

    def assert_invalid(self, answer):
        status, headers, body = answer
        self.assertEqual(status, 400, body)
        self.assertEqual(json.loads(body), {"message": "Invalid request body"})
        self.assertEqual(header(headers, "x-amzn-ErrorType"), "BadRequestException")

    def test_hostile_bodies_get_api_gateways_answer_and_the_server_survives(self):
        server = self.serve(self.spec)
        # std::regex recursed per character on these (SIGSEGV at 30-60 KB).
        self.assertEqual(self.post(server, "/strings", json.dumps({"s": "a" * 30000}))[0], 200)
        self.assert_invalid(self.post(server, "/strings", json.dumps({"s": "a" * 60000 + "1"})))
        self.assert_invalid(self.post(server, "/strings", json.dumps({"d": "1" * 60000})))
        self.assertEqual(
            self.post(server, "/strings", json.dumps({"d": "2022-07-18T16:52:45Z"}))[0], 200)
        # A recursive model: deep bodies validate, absurd ones are refused before parsing.
        self.assertEqual(self.post(server, "/tree", tree(900))[0], 200)
        self.assert_invalid(self.post(server, "/tree", tree(900, leaf="7")))
        self.assert_invalid(self.post(server, "/tree", tree(10000)))
        poll(lambda: server.stderr.find(r"gw: warning: validation: .*deeper than 1000 levels"),
             what="the depth warning")
        self.assert_invalid(self.post(server, "/tree", "[" * 5000000))
        # ReDoS: a bounded, deterministic answer, and the log says why.
        self.assert_invalid(self.post(server, "/strings", json.dumps({"r": "a" * 28 + "!"})))
        poll(lambda: server.stderr.find(r'gw: warning: validation: .*pattern "\^\(a\+\)\+\$" '
                                        r'exceeded its match limit on a 29-byte string at /r'),
             what="the match-limit warning")
        self.assertEqual(self.post(server, "/strings", json.dumps({"r": "aaaa"}))[0], 200)
        # 1e400 was an uncaught exception (500).
        self.assertEqual(self.post(server, "/strings", '{"n":1e400}')[0], 200)
        self.assertIsNone(server.proc.poll())

    def test_bounded_verdicts_replay_identically(self):
        # Bounds are counts, not time: a recorded session replays to the same answers.
        path = os.path.join(self.dir, "session.jsonl")
        server = self.serve(self.spec, "--record", path)
        bodies = [("/strings", json.dumps({"r": "a" * 28 + "!"})), ("/strings", '{"n":1e400}'),
                  ("/tree", tree(10000)), ("/tree", tree(900)),
                  ("/strings", json.dumps({"r": "a" * 20}))]
        statuses = [self.post(server, p, b)[0] for p, b in bodies]
        self.assertEqual(statuses, [400, 200, 400, 200, 200])
        self.assertEqual(server.terminate(), 0)
        for _ in range(2):
            out = run_gw("replay", self.spec, path)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            self.assertEqual(out.stdout.splitlines()[-1], "5 passed, 0 failed")

    def test_a_large_unique_array_validates_quickly(self):
        spec = self.write("unique.yaml", SPEC.replace(
            "        n: {type: number}",
            "        n: {type: number}\n        u: {type: array, uniqueItems: true}"))
        server = self.serve(spec)
        items = ",".join('{"id":%d,"pad":"%s"}' % (i, "x" * 80) for i in range(100000))
        body = '{"u":[%s]}' % items
        self.assertGreater(len(body), 9_000_000)
        self.assertEqual(self.post(server, "/strings", body)[0], 200)
        self.assert_invalid(self.post(server, "/strings", '{"u":[%s,{"id":7,"pad":"%s"}]}'
                                      % (items, "x" * 80)))

    def test_recursive_models_load_in_every_command(self):
        for args in (["routes", self.spec], ["lint", self.spec],
                     ["invoke", self.spec, "POST", "/tree", "-d", tree(50)]):
            result = run_gw(*args)
            self.assertEqual(result.returncode, 0, (args, result.stderr))
        self.assertIn('{"ok":true}', result.stdout)

    def test_absurd_nesting_and_ref_loops_are_positioned_errors(self):
        deep = self.write("deep.yaml", DEEP)
        deep_json = self.write("deep.json", '{"openapi":"3.0.3","x":%s%s}'
                               % ("[" * 20000, "]" * 20000))
        loop = self.write("loop.yaml", LOOP)
        for spec, where, what in ((deep, "deep.yaml:2:", "nests deeper than 1000 levels"),
                                  (deep_json, "deep.json:1:", "nests deeper than 1000 levels"),
                                  (loop, "loop.yaml:14:18", "cyclic $ref")):
            for args in (["routes", spec], ["lint", spec], ["invoke", spec, "GET", "/x"],
                         ["serve", spec, "--port", "0"]):
                result = run_gw(*args, timeout=30)
                self.assertEqual(result.returncode, 2, (args, result.stderr))
                self.assertIn(where, result.stderr, args)
                self.assertIn(what, result.stderr, args)

    def test_hot_reload_keeps_serving_through_hostile_specs(self):
        server = self.serve(self.spec)
        self.assertEqual(self.post(server, "/tree", tree(3))[0], 200)
        errors = 0
        for text, what in ((DEEP, "nests deeper than 1000 levels"), (LOOP, "cyclic $ref")):
            with open(self.spec, "w") as f:
                f.write(text)
            errors += 1
            poll(lambda: server.stderr.text().count("still serving the last good version")
                 >= errors, what="the reload error")
            self.assertIn(what, server.stderr.text())
            self.assertEqual(self.post(server, "/tree", tree(3))[0], 200)
        # A recursive model arriving by reload is served, and validates.
        with open(self.spec, "w") as f:
            f.write(SPEC.replace("name: {type: string}", "name: {type: integer}"))
        poll(lambda: server.stdout.find(r"^reloaded: 2 routes$"), what="the reload")
        self.assertEqual(self.post(server, "/tree", tree(3, leaf="1"))[0], 200)
        self.assert_invalid(self.post(server, "/tree", tree(3)))
        self.assertIsNone(server.proc.poll())


if __name__ == "__main__":
    unittest.main()
