"""End-to-end: Lambda asynchronous invocation through `gw serve`. An Event integration
(X-Amz-Invocation-Type 'Event') calls a function that always fails, with maximumRetryAttempts 0
and an onFailure destination: the destination function receives Lambda's invocation record
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html) and writes
it to a file the test polls."""
import json
import os
import re

from gwtest import GwTestCase, UUID_RE, poll, run_gw

HANDLERS = '''import json, os


def work(event, context):
    raise ValueError("job %s failed" % event.get("job"))


def record(event, context):
    with open(os.environ["OUT"], "a") as f:
        f.write(json.dumps(event) + "\\n")
    return "kept"
'''

SPEC = '''openapi: 3.0.1
info: {title: events, version: "1"}
x-gw:
  apiType: REST
  stages: {dev: {}}
  functions:
    worker:
      runtime: python3.12
      handler: app.work
      codeUri: .
      maximumRetryAttempts: 0
      maximumEventAgeInSeconds: 3600
      destinations: {onFailure: recorder}
    recorder:
      runtime: python3.12
      handler: app.record
      codeUri: .
      environment: {OUT: "%s"}
paths:
  /jobs:
    post:
      responses:
        "202": {description: accepted}
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:worker/invocations
        requestParameters:
          integration.request.header.X-Amz-Invocation-Type: "'Event'"
        requestTemplates:
          application/json: "$input.json('$')"
        responses:
          default:
            statusCode: "202"
            responseTemplates:
              application/json: '{"accepted": true}'
'''


class LambdaEventsTest(GwTestCase):
    def setUp(self):
        self.dir = self.tmpdir()
        self.out = os.path.join(self.dir, "records.jsonl")
        with open(os.path.join(self.dir, "app.py"), "w") as f:
            f.write(HANDLERS)
        self.spec = os.path.join(self.dir, "api.yaml")
        with open(self.spec, "w") as f:
            f.write(SPEC % self.out)
        self.server = self.serve(self.spec)

    def records(self):
        if not os.path.exists(self.out):
            return []
        with open(self.out) as f:
            return [json.loads(line) for line in f if line.strip()]

    def test_failed_event_sends_the_invocation_record_to_on_failure(self):
        status, _, body = self.server.request("POST", "/dev/jobs", body='{"job": 42}',
                                              headers={"Content-Type": "application/json"})
        self.assertEqual(status, 202, body)
        self.assertEqual(json.loads(body), {"accepted": True})
        record = poll(lambda: self.records(), limit=20, what="the onFailure record")[0]
        self.assertEqual(record["version"], "1.0")
        self.assertRegex(record["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        context = record["requestContext"]
        self.assertRegex(context["requestId"], UUID_RE)
        self.assertEqual(context["functionArn"],
                         "arn:aws:lambda:us-east-1:123456789012:function:worker:$LATEST")
        self.assertEqual(context["condition"], "RetriesExhausted")
        self.assertEqual(context["approximateInvokeCount"], 1)  # maximumRetryAttempts: 0
        self.assertEqual(record["requestPayload"], {"job": 42})
        self.assertEqual(record["responseContext"], {
            "statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"})
        self.assertEqual(record["responsePayload"]["errorMessage"], "job 42 failed")
        self.assertEqual(record["responsePayload"]["errorType"], "ValueError")
        # The log names the event's request id, its outcome and where the record went.
        log = self.server.stderr.text()
        self.assertIn("[worker] Event %s function error" % context["requestId"], log)
        self.assertIn("(retries exhausted)", log)
        self.assertTrue(re.search(r"\[worker\] Event %s RetriesExhausted: record sent to "
                                  r"recorder" % context["requestId"], log), log)

    def test_unknown_destination_is_a_positioned_load_error(self):
        with open(self.spec) as f:
            text = f.read()
        broken = os.path.join(self.dir, "broken.yaml")
        with open(broken, "w") as f:
            f.write(text.replace("onFailure: recorder", "onFailure: recordr"))
        result = run_gw("routes", broken)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("broken.yaml:13:", result.stderr)
        self.assertIn("x-gw.functions.worker.destinations.onFailure: no function 'recordr'",
                      result.stderr)
        self.assertIn("did you mean 'recorder'?", result.stderr)


if __name__ == "__main__":
    import unittest
    unittest.main()
