"""Custom domain names in front of the stages: requests routed by Host to the stage a base path
maps to, the base path stripped (AWS, "API mappings for custom domain names"; the lesson's
api.example.com/orders and /users); a path no mapping covers and the disabled default endpoint
answered 403 {"message":"Forbidden"} (AWS, "Disable the default endpoint for REST APIs");
over HTTPS, the domain's certificate chosen by SNI."""
import http.client
import os

from gwtest import GwTestCase, header, https_get, run_gw

SPEC = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
x-gw:
  apiType: REST
  stages:
    prod: {variables: {name: orders-prod}}
    beta: {variables: {name: users-beta}}
  domains:
    api.example.test:
      endpointType: REGIONAL
      mappings:
        orders: {api: ., stage: prod}
        v1/users: {api: ., stage: beta}
%s
paths:
  /items/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '{"stage": "$context.stage", "var": "$stageVariables.name", "id": "$input.params(''id'')", "domain": "$context.domainName"}'
"""


class DomainsTest(GwTestCase):
    def spec(self, extra=""):
        path = os.path.join(self.tmpdir(), "shop.yaml")
        with open(path, "w") as f:
            f.write(SPEC % extra)
        return path

    def get(self, server, host, path):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            conn.request("GET", path, headers={"Host": host})
            res = conn.getresponse()
            return res.status, res.getheaders(), res.read().decode()
        finally:
            conn.close()

    def test_base_paths_route_to_their_stage_with_the_base_path_stripped(self):
        server = self.serve(self.spec())
        status, _, body = self.get(server, "api.example.test:%d" % server.port, "/orders/items/7")
        self.assertEqual(status, 200, body)
        self.assertEqual(body, '{"stage": "prod", "var": "orders-prod", "id": "7", '
                               '"domain": "api.example.test"}')
        status, _, body = self.get(server, "API.example.test", "/v1/users/items/8")
        self.assertEqual(status, 200, body)
        self.assertIn('"stage": "beta"', body)
        self.assertIn('"id": "8"', body)
        # The default endpoint still serves each stage by its own path.
        self.assertEqual(self.get(server, "127.0.0.1", "/prod/items/1")[0], 200)
        # The banner says how to call the domain.
        self.assertTrue(server.stdout.find(
            r"domain api\.example\.test/orders -> stage prod +curl --resolve "
            r"api\.example\.test:%d:127\.0\.0\.1 http://api\.example\.test:%d/orders"
            % (server.port, server.port)), server.stdout.text())

    def test_a_path_no_mapping_covers_is_403_forbidden(self):
        server = self.serve(self.spec())
        for path in ("/users/items/1", "/ordersx/items/1", "/"):
            status, headers, body = self.get(server, "api.example.test", path)
            self.assertEqual((status, body), (403, '{"message":"Forbidden"}'), path)
            self.assertEqual(header(headers, "x-amzn-ErrorType"), "ForbiddenException")

    def test_disable_execute_api_endpoint_leaves_only_the_domains(self):
        server = self.serve(self.spec("x-amazon-apigateway-endpoint-configuration:\n"
                                      "  disableExecuteApiEndpoint: true"))
        status, _, body = self.get(server, "127.0.0.1:%d" % server.port, "/prod/items/1")
        self.assertEqual((status, body), (403, '{"message":"Forbidden"}'))
        self.assertEqual(self.get(server, "api.example.test", "/orders/items/1")[0], 200)
        self.assertTrue(server.stdout.find(r"default endpoint is disabled"))

    def test_over_https_the_domain_gets_its_own_certificate(self):
        spec = self.spec()
        server = self.serve(spec, "--tls")
        ca = os.path.join(os.path.dirname(spec), ".gw", "tls", "ca.pem")
        status, body = https_get(server.port, "/orders/items/9", ca, "api.example.test")
        self.assertEqual(status, 200, body)
        self.assertIn('"id": "9"', body)

    def test_a_mapping_to_another_spec_or_stage_is_refused_at_its_position(self):
        path = self.spec().replace("shop.yaml", "other.yaml")
        with open(path, "w") as f:
            f.write((SPEC % "").replace("orders: {api: ., stage: prod}",
                                        "orders: {api: ., stage: nope}"))
        out = run_gw("routes", path)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertRegex(out.stderr, r"other\.yaml:\d+:\d+: .*mappings\.orders\.stage: "
                                     r"no stage 'nope' in x-gw\.stages")
