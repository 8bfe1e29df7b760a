"""gw deploy / gw stages / gw serve --stage: stages serve their deployment, not the spec (fact 68)."""
import json
import os
import re

from gwtest import GwTestCase, poll, run_gw

SPEC = """openapi: 3.0.3
info: {title: deployed, version: "1"}
paths:
  /hello:
    get:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseTemplates: {application/json: '{"say": "%s"}'}
      responses: {"200": {description: ok}}
x-gw:
  stages: {prod: {}, beta: {}}
"""


class DeployTest(GwTestCase):
    def write_spec(self, folder, word):
        path = os.path.join(folder, "api.yaml")
        with open(path, "w") as f:
            f.write(SPEC % word)
        return path

    def test_a_ref_outside_the_spec_directory_is_not_deployed_unless_allowed(self):
        # Issue 16, item 12: a $ref could name any file and gw deploy copied its content into
        # .gw/deployments/.
        tmp = self.tmpdir()
        os.makedirs(os.path.join(tmp, "api"))
        with open(os.path.join(tmp, "secret.yaml"), "w") as f:
            f.write("Secret: {type: string, description: hunter2}\n")
        spec = os.path.join(tmp, "api", "api.yaml")
        with open(spec, "w") as f:
            f.write((SPEC % "hi") + "components:\n  schemas:\n"
                    "    S: {$ref: '../secret.yaml#/Secret'}\n")
        out = run_gw("deploy", spec, "--stage", "prod")
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("%s:18:15: $ref '../secret.yaml#/Secret' reads %s, outside the spec's "
                      "directory %s" % (spec, os.path.join(tmp, "secret.yaml"),
                                        os.path.join(tmp, "api")), out.stderr)
        self.assertIn("--allow-external-refs", out.stderr)
        self.assertFalse(os.path.exists(os.path.join(tmp, "api", ".gw", "deployments")))
        out = run_gw("deploy", spec, "--stage", "prod", "--allow-external-refs")
        self.assertEqual(out.returncode, 0, out.stderr)

    def test_deploy_stages_and_drift(self):
        tmp = self.tmpdir()
        spec = self.write_spec(tmp, "one")
        out = run_gw("deploy", spec, "--stage", "prod", "--description", "first")
        self.assertEqual(out.returncode, 0, out.stderr)
        m = re.match(r"deployed ([0-9a-f]{10}) to stage 'prod' \(1 routes\)", out.stdout)
        self.assertTrue(m, out.stdout)
        first = m.group(1)
        self.assertTrue(os.path.exists(os.path.join(tmp, ".gw", "deployments", first + ".json")))
        self.assertTrue(os.path.exists(os.path.join(tmp, ".gw", "stages", "prod.json")))

        stages = json.loads(run_gw("stages", spec, "--json").stdout)
        by_name = {s["stage"]: s for s in stages}
        self.assertEqual(by_name["prod"]["deploymentId"], first)
        self.assertFalse(by_name["prod"]["drifted"])
        self.assertFalse(by_name["beta"]["deployed"])
        self.assertIn("never deployed", run_gw("stages", spec).stdout)

        self.write_spec(tmp, "two")
        stages = json.loads(run_gw("stages", spec, "--json").stdout)
        prod = [s for s in stages if s["stage"] == "prod"][0]
        self.assertTrue(prod["drifted"])
        self.assertEqual(prod["drift"], [{"route": "GET /hello", "change": "changed"}])
        lint = run_gw("lint", spec, "--fail-on", "warning")
        self.assertEqual(lint.returncode, 1)
        self.assertIn("[deploy-stage-drift]", lint.stdout)
        self.assertIn("GET /hello changed", lint.stdout)
        self.assertIn("[deploy-stage-never-deployed]", lint.stdout)

        again = json.loads(run_gw("deploy", spec, "--stage", "prod", "--json").stdout)
        self.assertNotEqual(again["deploymentId"], first)
        self.assertEqual(again["previousDeploymentId"], first)
        self.assertNotIn("[deploy-stage-drift]", run_gw("lint", spec).stdout)
        # The first snapshot is immutable and still there.
        self.assertTrue(os.path.exists(os.path.join(tmp, ".gw", "deployments", first + ".json")))

    def test_bad_input(self):
        tmp = self.tmpdir()
        spec = self.write_spec(tmp, "x")
        self.assertEqual(run_gw("deploy", spec).returncode, 2)  # --stage is required
        self.assertEqual(run_gw("deploy", spec, "--stage", "../x").returncode, 2)
        self.assertEqual(run_gw("deploy", "/nonexistent.yaml", "--stage", "prod").returncode, 2)

    def test_serve_stage_serves_the_deployment_and_says_when_the_spec_drifted(self):
        tmp = self.tmpdir()
        state = os.path.join(tmp, "state")
        spec = self.write_spec(tmp, "deployed")
        out = run_gw("deploy", spec, "--stage", "prod", "--state-dir", state)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.write_spec(tmp, "edited")
        server = self.serve(spec, "--stage", "prod", "--state-dir", state)
        poll(lambda: server.stdout.find(r"serving stage 'prod' from deployment"),
             what="the deployment banner")
        poll(lambda: server.stderr.find(r"drifted from deployment [0-9a-f]+ of stage 'prod' "
                                        r"\(GET /hello changed\)"), what="the drift warning")
        status, _, body = server.request("GET", "/prod/hello")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"say": "deployed"})
        # Deploying while serving makes the edit live (the stage's pointer file is watched).
        out = run_gw("deploy", spec, "--stage", "prod", "--state-dir", state)
        self.assertEqual(out.returncode, 0, out.stderr)
        poll(lambda: json.loads(server.request("GET", "/prod/hello")[2]) == {"say": "edited"},
             what="the new deployment to be served")

    def test_serve_stage_never_deployed_serves_the_working_spec(self):
        tmp = self.tmpdir()
        spec = self.write_spec(tmp, "live")
        server = self.serve(spec, "--stage", "beta")
        poll(lambda: server.stdout.find(r"serving the working spec"), what="the banner")
        status, _, body = server.request("GET", "/beta/hello")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"say": "live"})
