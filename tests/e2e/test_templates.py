"""End-to-end: VTL mapping templates on non-proxy integrations (issue 3), served by the real
binary from fixtures/templates: MOCK with request/response templates, a Lambda custom
integration whose errorMessage selects the integration response (fact 29), a DynamoDB action
answered by the local sink, and a broken template reported at its spec line."""
import http.server
import json
import os
import threading

from gwtest import GwTestCase, SHARED_DIR, SOURCE_DIR, header, poll, run_gw, send_json

API = os.path.join(SOURCE_DIR, "fixtures", "templates", "api.yaml")


class Backend(http.server.BaseHTTPRequestHandler):
    """The HTTP backend of /items/{id}: item 3 exists, 404 exists not, 500 fails."""

    def do_GET(self):
        item = self.path.rsplit("/", 1)[-1]
        if item == "3":
            body, status = b'{"id": "3", "name": "lamp"}', 200
        elif item == "500":
            body, status = b'{"oops": true}', 500
        else:
            body, status = b'{"missing": true}', 404
        send_json(self, body, status=status, headers=[("ETag", '"v7"')])

    def log_message(self, *args):
        pass


class TemplatesTest(GwTestCase):
    def setUp(self):
        backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
        threading.Thread(target=backend.serve_forever, daemon=True).start()
        self.addCleanup(backend.server_close)
        self.addCleanup(backend.shutdown)
        state = self.tmpdir()
        config = os.path.join(state, "gw.yaml")
        with open(config, "w") as f:
            f.write("""x-gw:
  apiType: REST
  stages:
    dev:
      variables: {table: orders-dev, backend: "http://127.0.0.1:%d"}
  functions:
    greeter: {runtime: python3.12, handler: app.handler, codeUri: %s, timeout: 3}
""" % (backend.server_address[1], os.path.dirname(API)))
        self.state = state
        self.server = self.serve(API, "--config", config, "--state-dir", state)

    def test_mock_request_and_response_templates(self):
        status, headers, body = self.server.request(
            "POST", "/dev/pets/7?color=red", body='{"name": "Rex \\"the\\" dog", "tags": ["a", "b"]}',
            headers={"Content-Type": "application/json"})
        self.assertEqual(status, 201, body)
        self.assertEqual(header(headers, "content-type"), "application/json")
        doc = json.loads(body)
        self.assertEqual(doc["id"], "7")
        self.assertEqual(doc["name"], 'Rex "the" dog')
        self.assertEqual(doc["color"], "red")
        self.assertEqual(doc["tags"], ["a", "b"])
        self.assertEqual(doc["requestId"], header(headers, "x-amzn-RequestId"))

    def test_mock_status_from_rendered_template(self):
        # fact 37: a JSONPath that matches nothing == "" in #if
        status, _, body = self.server.request("POST", "/dev/pets/7", body="{}",
                                              headers={"Content-Type": "application/json"})
        self.assertEqual((status, json.loads(body)), (400, {"error": "name is required"}))

    def test_passthrough_never_gives_415(self):
        # fact 31
        status, _, body = self.server.request("POST", "/dev/pets/7", body="a=b",
                                              headers={"Content-Type": "text/plain"})
        self.assertEqual((status, body), (415, '{"message":"Unsupported Media Type"}'))

    def test_lambda_custom_integration_success_takes_default(self):
        status, _, body = self.server.request("GET", "/dev/greet?name=Ada")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"greeting": "hello, Ada"})

    def test_lambda_custom_integration_error_message_selects_response(self):
        # fact 29: selectionPattern is matched against errorMessage
        status, _, body = self.server.request("GET", "/dev/greet?name=ghost")
        self.assertEqual(status, 404, body)
        self.assertEqual(json.loads(body), {"error": "person ghost not found"})

    def test_event_invocation_answers_202_then_the_function_runs(self):
        # X-Amz-Invocation-Type 'Event': Lambda's 202 goes through the integration response at
        # once; the function's outcome only reaches gw's log (a function error is retried after
        # one minute, then two, as Lambda does).
        status, _, body = self.server.request("POST", "/dev/greet/later", body=b'{"name":"Ada"}')
        self.assertEqual(status, 202, body)
        self.assertEqual(json.loads(body), {"accepted": True})
        poll(lambda: "] Event " in self.server.stderr.text() and
             " done" in self.server.stderr.text(), what="the Event invocation's log line")
        status, _, _ = self.server.request("POST", "/dev/greet/later", body=b'{"name":"ghost"}')
        self.assertEqual(status, 202)
        poll(lambda: "; retry 1 of 2 in 60000 ms" in self.server.stderr.text(),
             what="the failed Event invocation's log line")
        self.assertIn("person ghost not found", self.server.stderr.text())

    def test_dynamodb_action_goes_to_the_local_sink(self):
        status, _, body = self.server.request(
            "POST", "/dev/orders", body='{"id": "o-1", "total": 12.5}',
            headers={"Content-Type": "application/json"})
        self.assertEqual((status, body), (200, '{"stored": true}'))


    def test_dynamodb_put_then_get_through_the_table_store(self):
        json_headers = {"Content-Type": "application/json"}
        self.server.request("POST", "/dev/orders", body='{"id": "o-7", "total": 4.5}',
                            headers=json_headers)
        status, _, body = self.server.request("GET", "/dev/orders/o-7")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"id": "o-7", "total": 4.5})
        status, _, body = self.server.request("GET", "/dev/orders/none")
        self.assertEqual((status, json.loads(body)), (404, {"error": "no order none"}))
        with open(os.path.join(self.state, "dynamodb", "orders-dev.json")) as f:
            self.assertEqual(json.load(f)["items"][0]["id"], {"S": "o-7"})
        with open(os.path.join(self.state, "aws-calls.jsonl")) as f:
            calls = [json.loads(line) for line in f]
        self.assertEqual([c["action"] for c in calls], ["PutItem", "GetItem", "GetItem"])

    def test_sqs_send_message_answers_like_sqs(self):
        status, _, body = self.server.request("POST", "/dev/queue", body='{"order": "o-1"}',
                                              headers={"Content-Type": "application/json"})
        self.assertEqual(status, 202, body)
        self.assertRegex(json.loads(body)["queued"], r"^[0-9a-f-]{36}$")
        poll(lambda: self.server.stderr.find(r"aws-sink: sqs:SendMessage"),
             what="the sink's log line")

    def test_http_backend_reshaped_and_status_remapped(self):
        status, headers, body = self.server.request("GET", "/dev/items/3")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"item": {"id": "3", "label": "LAMP"}})
        self.assertEqual(header(headers, "X-Item-Version"), '"v7"')
        status, _, body = self.server.request("GET", "/dev/items/9")
        self.assertEqual((status, json.loads(body)), (404, {"error": "no item 9"}))
        status, _, body = self.server.request("GET", "/dev/items/500")
        self.assertEqual((status, json.loads(body)), (502, {"error": "the backend failed"}))


class InvokeTraceTest(GwTestCase):
    def test_trace_shows_rendered_request_and_sink(self):
        out = run_gw("invoke", API, "POST", "/dev/orders", "--data",
                     '{"id": "o-9", "total": 3}', "--trace")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('"TableName": "orders-dev"', out.stderr)
        self.assertIn("dynamodb:PutItem -> local sink", out.stderr)
        self.assertIn('"id": {"S": "o-9"}', out.stderr)


class BrokenTemplateTest(GwTestCase):
    def test_parse_error_is_positioned_and_answers_500(self):
        d = self.tmpdir()
        spec = os.path.join(d, "api.yaml")
        with open(spec, "w") as f:
            f.write("""openapi: 3.0.1
info: {title: broken, version: "1"}
paths:
  /x:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: |
            {"statusCode": 200}
            #if($input.params('a') == 1
        responses:
          default: {statusCode: "200"}
""")
        server = self.serve(spec)
        poll(lambda: server.stderr.find(r"api\.yaml:12:\d+: .*template 2:"),
             what="the template's parse error at api.yaml:12")
        status, _, body = server.request("GET", "/local/x")
        self.assertEqual((status, body), (500, '{"message":"Internal server error"}'))


class CorpusDynamoDbCrudTest(GwTestCase):
    """A real-world DynamoDB CRUD API (../shared/corpus, read in place): its VTL templates run
    against the local sink's table store, through gw serve."""

    def test_put_get_scan_delete(self):
        spec = os.path.join(SHARED_DIR, "corpus", "aws-samples--apigw-ddb-openapi-crud.yaml")
        if not os.path.exists(spec):
            self.skipTest("the shared corpus is not here")
        state = self.tmpdir()
        server = self.serve(spec, "--state-dir", state)
        json_headers = {"Content-Type": "application/json"}
        status, _, body = server.request("PUT", "/local/abc", body='{"message": "hi"}',
                                         headers=json_headers)
        self.assertEqual((status, json.loads(body)), (200, {"id": "abc", "message": "hi"}))
        status, _, body = server.request("GET", "/local/abc")
        self.assertEqual((status, json.loads(body)), (200, {"id": "abc", "message": "hi"}))
        status, _, body = server.request("GET", "/local/")
        self.assertEqual(json.loads(body), [{"id": {"S": "abc"}, "message": {"S": "hi"}}])
        status, _, body = server.request("DELETE", "/local/abc")
        self.assertEqual((status, json.loads(body)), (200, {"message": "item deleted"}))
        status, _, body = server.request("GET", "/local/")
        self.assertEqual(json.loads(body), [])


class CorpusSqsTest(GwTestCase):
    """A real-world HTTP API first-class SQS integration (integrationSubtype SQS-SendMessage,
    ../shared/corpus read in place) answered by the local sink."""

    def test_submit_sends_the_body_to_sqs(self):
        spec = os.path.join(SHARED_DIR, "corpus", "aws-samples--apigw-sqs-lambda.yaml")
        if not os.path.exists(spec):
            self.skipTest("the shared corpus is not here")
        state = self.tmpdir()
        server = self.serve(spec, "--state-dir", state)
        status, _, body = server.request("POST", "/submit", body='{"order": "o-1"}',
                                         headers={"Content-Type": "application/json"})
        self.assertEqual(status, 200, body)
        result = json.loads(body)["SendMessageResponse"]["SendMessageResult"]
        # MD5 of the message body, as SQS reports it
        self.assertEqual(result["MD5OfMessageBody"], "00a1ae1aa091e3e5fb31488ac3f38d7f")
        with open(os.path.join(state, "aws-calls.jsonl")) as f:
            call = json.loads(f.readline())
        self.assertEqual((call["service"], call["action"]), ("sqs", "SendMessage"))
