"""End-to-end: local Lambda functions behind `gw serve` (issue 4).

The reference lesson's hands-on lab (fixtures/lambda/lab), and the test handlers of
fixtures/lambda/handlers on an HTTP API (payload 2.0) and a REST API (payload 1.0).
"""
import http.client
import json
import os
import shutil
import unittest

from gwtest import GwTestCase, SOURCE_DIR, header, poll

LAMBDA = os.path.join(SOURCE_DIR, "fixtures", "lambda")
LAB = os.path.join(LAMBDA, "lab", "api.yaml")
HTTP_API = os.path.join(LAMBDA, "handlers", "http.yaml")
REST_API = os.path.join(LAMBDA, "handlers", "rest.yaml")
NODE_API = os.path.join(LAMBDA, "node", "api.yaml")
PROVIDED_API = os.path.join(LAMBDA, "provided", "api.yaml")


class LambdaTestCase(GwTestCase):
    def logged(self, pattern):
        """Waits (bounded) for a line of gw's stderr matching pattern: worker output is
        forwarded asynchronously."""
        poll(lambda: self.server.stderr.find(pattern), what="stderr line " + pattern)


class LabTest(LambdaTestCase):
    def test_lab_hello_vinod(self):
        server = self.serve(LAB)
        status, headers, body = server.request("GET", "/?name=Vinod")
        self.assertEqual(status, 200, body)
        self.assertEqual(body, '{"message": "hello, Vinod"}')
        self.assertEqual(header(headers, "content-type"), "application/json")
        status, _, body = server.request("GET", "/anything/else")
        self.assertEqual((status, body), (200, '{"message": "hello, world"}'))


    def test_provisioned_concurrency_skips_the_cold_start(self):
        config = os.path.join(self.tmpdir(), "gw.yaml")
        with open(config, "w") as f:
            f.write("x-gw:\n  apiType: HTTP\n  functions:\n    lab-apigw-fn: {runtime: python3.13, "
                    "handler: app.handler, codeUri: %s, provisionedConcurrency: 2}\n"
                    % os.path.dirname(LAB))
        self.server = self.serve(LAB, "--config", config)
        self.logged(r"\[lab-apigw-fn\] provisioned concurrency: 2 worker\(s\) started")
        status, _, body = self.server.request("GET", "/?name=Ada")
        self.assertEqual((status, body), (200, '{"message": "hello, Ada"}'))
        self.assertNotIn("cold start", self.server.stderr.text())


class HttpApiTest(LambdaTestCase):
    def setUp(self):
        self.server = self.serve(HTTP_API)

    def get(self, path):
        return self.server.request("GET", path)

    def test_warm_worker_is_reused(self):
        # fact 63: the bare pid is a 200 JSON body; the same pid means the same warm worker.
        status, _, first = self.get("/pid")
        self.assertEqual(status, 200)
        pids = {self.get("/pid")[2] for _ in range(5)}
        self.assertEqual(pids, {first})
        self.logged(r"\[pid\] cold start")

    def test_keep_alive_client_many_invocations(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            for i in range(50):
                conn.request("GET", "/echo?i=%d" % i)
                res = conn.getresponse()
                event = json.loads(res.read())["event"]
                self.assertEqual(res.status, 200)
                self.assertEqual(event["queryStringParameters"], {"i": str(i)})
        finally:
            conn.close()

    def test_event_and_context(self):
        status, hdrs, body = self.server.request("GET", "/echo?a=1&a=2",
                                                 headers={"Cookie": "x=1; y=2"})
        self.assertEqual(status, 200, body)
        doc = json.loads(body)
        event = doc["event"]
        self.assertEqual(event["version"], "2.0")  # fact 62
        # One id on HTTP APIs: the event's requestId is the apigw-requestid value (fact 24; the
        # AWS Lambda Developer Guide's HTTP API event: "requestId": "JKJaXmPLvHcESHA=").
        self.assertEqual(event["requestContext"]["requestId"], header(hdrs, "apigw-requestid"))
        self.assertEqual(event["routeKey"], "GET /echo")
        self.assertEqual(event["queryStringParameters"], {"a": "1,2"})
        self.assertEqual(event["cookies"], ["x=1", "y=2"])
        self.assertEqual(doc["context"]["function_name"], "echo")
        self.assertGreater(doc["context"]["remaining"], 0)
        self.assertEqual(doc["env"]["GREETING"], "hi")
        self.assertEqual(doc["env"]["AWS_REGION"], "us-east-1")

    def test_bare_object_is_200_json(self):
        status, headers, body = self.get("/bare")  # fact 63
        self.assertEqual((status, json.loads(body)), (200, {"hello": "world"}))
        self.assertEqual(header(headers, "content-type"), "application/json")

    def test_handler_exception_is_500(self):
        status, _, body = self.get("/boom")  # fact 65
        self.assertEqual((status, body), (500, '{"message":"Internal Server Error"}'))
        self.logged(r"\[boom [0-9a-f]{8}\] about to fail\\x1b\]0;boom\\x07$")
        self.assertNotIn("\x1b", self.server.stderr.text())  # issue 16 item 13

    def test_timeout_then_recovery(self):
        status, _, _ = self.get("/sleepy?s=5")  # the function's timeout is 1 s
        self.assertEqual(status, 500)
        self.logged("Task timed out after 1.00 seconds")
        status, _, body = self.get("/sleepy?s=0")
        self.assertEqual((status, body), (200, "woke up"))

    def test_crash_then_recovery(self):
        self.assertEqual(self.get("/crash")[0], 500)
        self.logged(r"\[crash\] worker exited \(exit status 3\)")
        self.assertEqual(self.get("/bare")[0], 200)

    def test_cookies_and_binary(self):
        status, headers, _ = self.get("/cookies")
        self.assertEqual(status, 200)
        cookies = [v for k, v in headers if k.lower() == "set-cookie"]
        self.assertEqual(cookies, ["a=1; Path=/", "b=2"])
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.request("GET", "/binary")
        res = conn.getresponse()
        self.assertEqual(res.read(), b"\x89PNG-data")  # fact 64: decoded on HTTP APIs
        conn.close()

    def test_alias_stage_variable_and_unmapped(self):
        self.assertEqual(self.get("/alias")[0], 200)
        self.assertEqual(self.get("/stagevar")[0], 200)
        status, _, _ = self.get("/unmapped")
        self.assertEqual(status, 500)
        self.logged("function 'nobody' is not defined in x-gw.functions")

    def test_import_error(self):
        self.assertEqual(self.get("/missing_module")[0], 500)
        self.logged("Unable to import module")


class RestApiTest(LambdaTestCase):
    def setUp(self):
        self.server = self.serve(REST_API)

    def get(self, path):
        return self.server.request("GET", "/local" + path)

    def test_bare_object_is_502(self):
        status, headers, body = self.get("/bare")  # fact 14
        self.assertEqual((status, body), (502, '{"message": "Internal server error"}'))
        self.assertEqual(header(headers, "x-amzn-ErrorType"), "InternalServerErrorException")

    def test_proxy_shapes(self):
        self.assertEqual(self.get("/wrong_key")[0], 502)  # fact 14
        self.assertEqual(self.get("/just_string")[0], 502)  # fact 16
        status, headers, body = self.get("/string_status")  # facts 15, 18
        self.assertEqual((status, body), (201, "created"))
        self.assertEqual(header(headers, "X-Flag"), "true")
        self.assertEqual(header(headers, "Content-Type"), "application/json")
        _, headers, _ = self.get("/multi_headers")  # fact 19
        self.assertEqual(header(headers, "x-dup"), "value-multi, value-solo")
        _, _, body = self.get("/binary")  # fact 20: no binary media types, not decoded
        self.assertEqual(body, "iVBORy1kYXRh")

    def test_function_error_and_timeout_are_502(self):
        self.assertEqual(self.get("/boom")[0], 502)  # fact 17
        self.assertEqual(self.get("/sleepy?s=5")[0], 502)

    def test_event_shape(self):
        status, _, body = self.server.request("POST", "/local/items/a%2Bb?x=1", body="hi",
                                              headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 200, body)
        event = json.loads(body)["event"]
        self.assertEqual(len(event), 12)  # fact 10
        self.assertNotIn("version", event)
        self.assertEqual(event["path"], "/items/a%2Bb")
        self.assertEqual(event["pathParameters"], {"id": "a%2Bb"})  # fact 6
        self.assertEqual(event["requestContext"]["path"], "/local/items/a%2Bb")  # fact 11
        self.assertEqual(event["body"], "hi")
        self.assertEqual(event["stageVariables"], {"fn": "echo"})


@unittest.skipUnless(shutil.which("node"), "node is not on PATH")
class NodeTest(LambdaTestCase):
    def test_async_callback_warm_and_error(self):
        self.server = self.serve(NODE_API)
        status, _, body = self.server.request("GET", "/hello?name=Vinod")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["message"], "hello, Vinod")
        self.assertEqual(self.server.request("GET", "/callback")[2], "from callback")
        pids = {self.server.request("GET", "/pid")[2] for _ in range(4)}
        self.assertEqual(len(pids), 1)
        self.assertEqual(self.server.request("GET", "/boom")[0], 500)
        self.logged(r"\[boom [0-9a-f]{8}\] node about to fail")


class ProvidedTest(LambdaTestCase):
    def test_bash_bootstrap(self):
        self.server = self.serve(PROVIDED_API)
        for _ in range(3):
            status, _, body = self.server.request("GET", "/")
            self.assertEqual((status, body), (200, "from bash handler.sh"))


if __name__ == "__main__":
    unittest.main()
