"""Execution logs (x-gw methodSettings loggingLevel, dataTraceEnabled): gw serve writes API
Gateway's execution-log lines to stderr, each "(requestId) message", as CloudWatch's
API-Gateway-Execution-Logs group receives them (AWS re:Post "How can I use Amazon API Gateway
logs for troubleshooting?": "Starting authorizer: ... for request: ...", "Verifying Usage Plan
for request: ..."; the console's test-invoke log: "Method request body before
transformations", "Method completed with status: 200")."""
import os
import re
import unittest

from gwtest import SOURCE_DIR, GwTestCase, header, poll

SPEC = os.path.join(SOURCE_DIR, "fixtures", "execution_log", "rest.yaml")


class ExecutionLogTest(GwTestCase):
    def setUp(self):
        self.server = self.serve(SPEC)

    def lines_of(self, rid, last="Method completed with status"):
        """The request's execution-log lines, once its last one is written."""
        poll(lambda: self.server.stderr.find(r"^\(%s\) %s" % (re.escape(rid), last)),
             what="the execution log of " + rid)
        prefix = "(%s) " % rid
        return [l[len(prefix):] for l in self.server.stderr.text().splitlines()
                if l.startswith(prefix)]

    def get(self, path, **headers):
        status, hdrs, _ = self.server.request("GET", path, headers=headers)
        return status, header(hdrs, "x-amzn-RequestId"), header(hdrs, "x-amz-apigw-id")

    def test_info_with_data_trace(self):
        status, rid, ext = self.get("/info/items?limit=2", **{"X-Custom": "yes"})
        self.assertEqual(status, 200)
        lines = self.lines_of(rid)
        self.assertEqual(lines[0], "Extended Request Id: " + ext)
        self.assertEqual(lines[1], "Starting execution for request: " + rid)
        self.assertEqual(lines[2], "HTTP Method: GET, Resource Path: /items")
        self.assertEqual(lines[3], "Method request path: {}")
        self.assertEqual(lines[4], "Method request query string: {limit=2}")
        self.assertRegex(lines[5], r"^Method request headers: \{.*X-Custom=yes.*\}$")
        self.assertEqual(lines[6], "Method request body before transformations: ")
        self.assertEqual(lines[7], 'Method response body after transformations: {"items": []}')
        self.assertRegex(lines[8], r"^Method response headers: \{.*Content-Type=application/json")
        self.assertEqual(lines[9:], ["Successfully completed execution",
                                     "Method completed with status: 200"])

    def test_error_level_writes_only_failures(self):
        _, ok, _ = self.get("/errors/items")
        status, failed, _ = self.get("/errors/broken")
        self.assertEqual(status, 500)
        self.assertEqual(self.lines_of(failed), ["Method completed with status: 500"])
        self.assertNotIn("(%s)" % ok, self.server.stderr.text())

    def test_a_stage_without_logging_writes_none(self):
        _, quiet, _ = self.get("/quiet/broken")
        _, rid, _ = self.get("/info/items")
        self.lines_of(rid)  # written after the quiet one's answer
        self.assertNotIn("(%s)" % quiet, self.server.stderr.text())


if __name__ == "__main__":
    unittest.main()
