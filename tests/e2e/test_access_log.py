"""Per-stage access logs (x-gw accessLogSettings): the console presets on a REST and an HTTP
API, a custom format with 30+ $context variables, file and stderr destinations, a stage without
settings (gw's own line), unknown variables warned at load, an unopenable file refused."""
import json
import os
import re
import shutil
import unittest

from gwtest import SOURCE_DIR, UUID_RE, GwTestCase, header, poll, run_gw

FIXTURES = os.path.join(SOURCE_DIR, "fixtures", "access_log")
REST = os.path.join(FIXTURES, "rest.yaml")
HTTP = os.path.join(FIXTURES, "http.yaml")
CLF_TIME = r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}"
HUMAN = r"^\d{2}:\d{2}:\d{2} GET\s+%s\s+200\s.*%s$"


def line_with(server, request_id, stream="stdout"):
    """The output line naming request_id, polled for (lines are written after the answer)."""
    collector = getattr(server, stream)
    return poll(lambda: collector.find(re.escape(request_id)), what="a line with " + request_id)


class RestPresetsTest(GwTestCase):
    def setUp(self):
        self.server = self.serve(REST)

    def get(self, path, **headers):
        status, hdrs, body = self.server.request("GET", path, headers=headers)
        self.last_headers = hdrs
        return status, header(hdrs, "x-amzn-RequestId"), body

    def test_clf(self):
        status, rid, body = self.get("/clf/pets")
        self.assertEqual(status, 200)
        line = line_with(self.server, rid).string
        apigw_id = header(self.last_headers, "x-amz-apigw-id")
        self.assertRegex(line, r'^127\.0\.0\.1 - - \[%s\]"GET /pets HTTP/1\.1" 200 %d %s %s$' % (
            CLF_TIME, len(body.encode()), rid, re.escape(apigw_id)))

    def test_json(self):
        status, rid, body = self.get("/json/pets")
        entry = json.loads(line_with(self.server, rid).string)
        self.assertEqual(list(entry), ["requestId", "extendedRequestId", "ip", "caller", "user",
                                       "requestTime", "httpMethod", "resourcePath", "status",
                                       "protocol", "responseLength"])
        self.assertEqual(entry["requestId"], rid)
        self.assertEqual(entry["extendedRequestId"], header(self.last_headers, "x-amz-apigw-id"))
        self.assertEqual(entry["ip"], "127.0.0.1")
        self.assertEqual(entry["caller"], "-")  # no value: "-", as API Gateway writes it
        self.assertEqual(entry["resourcePath"], "/pets")
        self.assertEqual(entry["status"], str(status))
        self.assertEqual(entry["responseLength"], str(len(body.encode())))
        self.assertRegex(entry["requestTime"], "^%s$" % CLF_TIME)

    def test_xml(self):
        _, rid, body = self.get("/xml/pets/7")
        line = line_with(self.server, rid).string
        self.assertTrue(line.startswith(
            '<request id="%s"> <extendedRequestId>%s</extendedRequestId> <ip>127.0.0.1</ip>' % (
                rid, header(self.last_headers, "x-amz-apigw-id"))), line)
        self.assertIn("<resourcePath>/pets/{petId}</resourcePath>", line)
        self.assertIn("<responseLength>%d</responseLength> </request>" % len(body.encode()), line)

    def test_csv(self):
        _, rid, body = self.get("/csv/pets")
        fields = line_with(self.server, rid).string.split(",")
        self.assertEqual(len(fields), 11)
        self.assertEqual(fields[0], "127.0.0.1")
        self.assertEqual(fields[1:3], ["-", "-"])
        self.assertEqual(fields[4:9], ["GET", "/pets", "HTTP/1.1", "200", str(len(body.encode()))])
        self.assertEqual(fields[9:], [rid, header(self.last_headers, "x-amz-apigw-id")])

    def test_a_stage_with_a_format_on_stdout_replaces_gws_own_line(self):
        _, rid, _ = self.get("/json/pets")
        line_with(self.server, rid)
        self.assertNotRegex(self.server.stdout.text(), r"GET\s+/json/pets\s+200")

    def test_a_stage_without_settings_keeps_gws_own_line(self):
        _, rid, _ = self.get("/plain/pets")
        line = line_with(self.server, rid).string
        self.assertRegex(line, HUMAN % ("/plain/pets", rid))

    def test_stderr_destination_and_gws_line_on_stdout(self):
        _, rid, _ = self.get("/errors/pets")
        self.assertEqual(line_with(self.server, rid, "stderr").string, "%s 200 -" % rid)
        self.assertRegex(line_with(self.server, rid).string, HUMAN % ("/errors/pets", rid))
        status, rid, _ = self.get("/errors/nope")
        self.assertEqual(status, 403)
        self.assertEqual(line_with(self.server, rid, "stderr").string,
                         "%s 403 MISSING_AUTHENTICATION_TOKEN" % rid)

    def test_custom_format_with_thirty_variables(self):
        status, rid, body = self.get("/custom/pets/42", **{"User-Agent": "e2e-agent/1.0"})
        entry = json.loads(line_with(self.server, rid).string)
        self.assertGreaterEqual(len(entry), 30)
        self.assertRegex(entry["requestId"], UUID_RE)
        self.assertEqual(entry["requestId"], rid)
        self.assertEqual(len(entry["extendedRequestId"]), 16)
        self.assertEqual(entry["httpMethod"], "GET")
        self.assertEqual(entry["resourcePath"], "/pets/{petId}")
        self.assertRegex(entry["resourceId"], r"^[0-9a-z]{6}$")
        self.assertEqual(entry["path"], "/custom/pets/42")
        self.assertEqual(entry["stage"], "custom")
        self.assertEqual(entry["status"], str(status))
        self.assertEqual(entry["responseLength"], str(len(body.encode())))
        self.assertRegex(entry["responseLatency"], r"^\d+$")
        self.assertEqual(entry["integrationStatus"], "200")
        self.assertEqual(entry["integration.status"], "200")
        self.assertEqual(entry["integration.error"], "-")
        self.assertEqual(entry["sourceIp"], "127.0.0.1")
        self.assertEqual(entry["userAgent"], "e2e-agent/1.0")
        for unset in ("caller", "user", "apiKey", "errorMessage", "errorResponseType",
                      "authorizerStatus", "principalId", "wafResponseCode", "webaclArn",
                      "xrayTraceId", "basePathMatched"):
            self.assertEqual(entry[unset], "-", unset)
        self.assertEqual(entry["protocol"], "HTTP/1.1")
        self.assertRegex(entry["requestTime"], "^%s$" % CLF_TIME)
        self.assertRegex(entry["requestTimeEpoch"], r"^\d{13}$")
        self.assertRegex(entry["apiId"], r"^[0-9a-z]{10}$")
        self.assertEqual(entry["accountId"], "123456789012")
        self.assertEqual(entry["deploymentId"], "gwlocal")
        self.assertEqual(entry["domainName"], "127.0.0.1")
        self.assertEqual(entry["errorMessageString"], "")  # the quoted empty message

    def test_custom_format_on_a_gateway_error(self):
        status, rid, body = self.get("/custom/nope")
        self.assertEqual(status, 403)
        entry = json.loads(line_with(self.server, rid).string)
        self.assertEqual(entry["status"], "403")
        self.assertEqual(entry["responseLength"], str(len(body.encode())))
        self.assertEqual(entry["resourcePath"], "-")
        self.assertEqual(entry["integrationStatus"], "-")
        self.assertEqual(entry["errorMessage"], "Missing Authentication Token")
        self.assertEqual(entry["errorResponseType"], "MISSING_AUTHENTICATION_TOKEN")


class HttpPresetsTest(GwTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if shutil.which("python3.12") is None and shutil.which("python3") is None:
            raise unittest.SkipTest("no python3 for the fixture's function")

    def setUp(self):
        self.server = self.serve(HTTP)

    def get(self, path):
        status, hdrs, body = self.server.request("GET", path)
        self.assertEqual(status, 200, body)
        # HTTP APIs: $context.requestId is the apigw-requestid header's value (fact 24)
        return header(hdrs, "apigw-requestid"), body

    def test_presets_name_the_route_key(self):
        rid, body = self.get("/clf/hello")
        self.assertRegex(line_with(self.server, rid).string,
                         r'^127\.0\.0\.1 - - \[%s\] "GET GET /hello HTTP/1\.1" 200 %d %s %s$' % (
                             CLF_TIME, len(body.encode()), re.escape(rid), re.escape(rid)))
        rid, body = self.get("/json/hello")
        entry = json.loads(line_with(self.server, rid).string)
        self.assertEqual(list(entry), ["requestId", "ip", "requestTime", "httpMethod", "routeKey",
                                       "status", "protocol", "responseLength",
                                       "extendedRequestId"])
        self.assertEqual(entry["routeKey"], "GET /hello")
        self.assertEqual(entry["responseLength"], str(len(body.encode())))
        rid, _ = self.get("/xml/hello")
        line = line_with(self.server, rid).string
        self.assertIn("<routeKey>GET /hello</routeKey>", line)
        self.assertNotIn("resourcePath", line)
        rid, body = self.get("/csv/hello")
        fields = line_with(self.server, rid).string.split(",")
        self.assertEqual(fields[0], "127.0.0.1")
        self.assertEqual(fields[2:], ["GET", "GET /hello", "HTTP/1.1", "200",
                                      str(len(body.encode())), rid, rid])

    def test_custom_format_and_the_default_stage(self):
        rid, body = self.get("/custom/hello")
        fields = line_with(self.server, rid).string.split(" ")
        self.assertEqual(fields[:6], [rid, "GET", "/hello", "200", str(len(body.encode())), "200"])
        self.assertEqual(fields[6], "200")
        self.assertRegex(fields[7], r"^\d+$")  # integrationLatency
        self.assertEqual(fields[8], "-")  # no integration error
        self.assertEqual(fields[9], str(len(body.encode())))  # dataProcessed: no request body
        self.assertEqual(fields[10], "custom")
        rid, _ = self.get("/hello")  # the $default stage, without settings: gw's own line
        poll(lambda: self.server.stdout.find(HUMAN % ("/hello", re.escape(rid))),
             what="gw's own line for GET /hello")


class DestinationsTest(GwTestCase):
    def spec_copy(self, settings):
        """rest.yaml in a temporary directory with the custom stage's settings replaced."""
        d = self.tmpdir()
        with open(REST) as f:
            text = f.read()
        start = text.index("    custom:\n")
        text = text[:start] + "    custom:\n" + settings + text[text.index("paths:"):]
        path = os.path.join(d, "api.yaml")
        with open(path, "w") as f:
            f.write(text)
        return d, path

    def test_file_destination_relative_to_the_spec(self):
        d, spec = self.spec_copy("      accessLogSettings:\n"
                                 "        format: '$context.requestId $context.status'\n"
                                 "        destination: logs.txt\n")
        log = os.path.join(d, "logs.txt")
        with open(log, "w") as f:
            f.write("earlier line\n")  # appended to, never truncated
        server = self.serve(spec)
        ids = []
        for path in ("/custom/pets", "/custom/pets/1", "/custom/nope"):
            status, hdrs, _ = server.request("GET", path)
            ids.append((header(hdrs, "x-amzn-RequestId"), status))

        def lines():
            with open(log) as f:
                got = f.read().splitlines()
            return got if len(got) == 4 else None
        got = poll(lines, what="three lines in " + log)
        self.assertEqual(got[0], "earlier line")
        # Lines are written after each answer, by the thread that served it: requests on
        # separate connections may log out of order.
        self.assertEqual(sorted(got[1:]), sorted("%s %d" % (rid, status) for rid, status in ids))
        self.assertEqual(oct(os.stat(log).st_mode & 0o777), oct(0o644 & ~current_umask()))
        # gw's own line stays on stdout
        self.assertRegex(line_with(server, ids[0][0]).string, HUMAN % ("/custom/pets", ids[0][0]))

    def test_a_new_file_is_created_0644(self):
        d, spec = self.spec_copy("      accessLogSettings:\n"
                                 "        format: '$context.requestId'\n"
                                 "        destination: new.log\n")
        server = self.serve(spec)
        _, hdrs, _ = server.request("GET", "/custom/pets")
        rid = header(hdrs, "x-amzn-RequestId")
        log = os.path.join(d, "new.log")
        poll(lambda: os.path.exists(log) and read(log) == rid + "\n", what=log)
        self.assertEqual(os.stat(log).st_mode & 0o777, 0o644 & ~current_umask())

    def test_a_file_that_cannot_be_opened_stops_the_start(self):
        _, spec = self.spec_copy("      accessLogSettings:\n"
                                 "        format: CLF\n"
                                 "        destination: /nonexistent-dir/gw/access.log\n")
        r = run_gw("serve", spec, "--port", "0", timeout=30)
        self.assertEqual(r.returncode, 2, r.stderr)
        errors = [l for l in r.stderr.splitlines() if "error" in l]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("x-gw.stages.custom.accessLogSettings.destination: cannot open "
                      "'/nonexistent-dir/gw/access.log': No such file or directory", errors[0])
        line = read(spec).splitlines().index(
            "        destination: /nonexistent-dir/gw/access.log") + 1
        self.assertIn("api.yaml:%d:22: " % line, errors[0])  # at the destination value

    def test_a_reload_moves_the_stage_to_a_new_destination(self):
        d, spec = self.spec_copy("      accessLogSettings: {format: 'one $context.requestId'}\n")
        server = self.serve(spec)
        _, hdrs, _ = server.request("GET", "/custom/pets")
        rid = header(hdrs, "x-amzn-RequestId")
        self.assertEqual(line_with(server, rid).string, "one " + rid)
        with open(spec) as f:
            text = f.read()
        with open(spec, "w") as f:
            f.write(text.replace("{format: 'one $context.requestId'}",
                                 "{format: 'two $context.requestId', destination: two.log}"))
        poll(lambda: server.stdout.find(r"^reloaded: "), what="the reload")
        _, hdrs, _ = server.request("GET", "/custom/pets")
        rid = header(hdrs, "x-amzn-RequestId")
        log = os.path.join(d, "two.log")
        poll(lambda: os.path.exists(log) and read(log) == "two %s\n" % rid, what=log)
        self.assertRegex(line_with(server, rid).string, HUMAN % ("/custom/pets", rid))

    def test_an_unknown_variable_is_a_warning_at_the_format(self):
        _, spec = self.spec_copy("      accessLogSettings:\n"
                                 "        format: '$context.requestId $context.reqestTime'\n")
        server = self.serve(spec)
        warning = poll(lambda: server.stderr.find(r"warning.*reqestTime"), what="the warning")
        self.assertRegex(warning.string, r"api\.yaml:\d+:17: .*x-gw\.stages\.custom\."
                                         r"accessLogSettings\.format: '\$context\.reqestTime' is "
                                         r"not an access-log variable: it is logged as '-'")
        _, hdrs, _ = server.request("GET", "/custom/pets")
        rid = header(hdrs, "x-amzn-RequestId")
        self.assertEqual(line_with(server, rid).string, rid + " -")


class AuthorizerTest(GwTestCase):
    def test_lambda_authorizer_values(self):
        d = os.path.join(self.tmpdir(), "auth")
        shutil.copytree(os.path.join(SOURCE_DIR, "fixtures", "auth"), d)
        spec = os.path.join(d, "rest.yaml")
        with open(spec) as f:
            text = f.read()
        fmt = ("$context.requestId $context.status auth=$context.authorizer.status "
               "lat=$context.authorizer.latency ilat=$context.authorizer.integrationLatency "
               "pid=$context.authorizer.principalId plan=$context.authorizer.plan "
               "err=$context.authorizer.error")
        text = text.replace("    local: {}\n",
                            "    local:\n      accessLogSettings: {format: '%s'}\n" % fmt, 1)
        with open(spec, "w") as f:
            f.write(text)
        server = self.serve(spec)
        status, hdrs, _ = server.request("GET", "/local/token/pets",
                                         headers={"Authorization": "Bearer alice"})
        self.assertEqual(status, 200)
        rid = header(hdrs, "x-amzn-RequestId")
        self.assertRegex(line_with(server, rid).string,
                         r"^%s 200 auth=200 lat=\d+ ilat=\d+ pid=user-alice plan=gold err=-$" % rid)
        status, hdrs, _ = server.request("GET", "/local/token/pets",
                                         headers={"Authorization": "Bearer deny"})
        self.assertEqual(status, 403)
        rid = header(hdrs, "x-amzn-RequestId")
        self.assertRegex(line_with(server, rid).string,
                         r"^%s 403 auth=403 lat=\d+ ilat=\d+ pid=user-deny plan=- "
                         r"err=User is not authorized to access this resource with an explicit "
                         r"deny$" % rid)
        status, hdrs, _ = server.request("GET", "/local/open")
        rid = header(hdrs, "x-amzn-RequestId")
        self.assertRegex(line_with(server, rid).string,
                         r"^%s %d auth=- lat=- ilat=- pid=- plan=- err=-$" % (rid, status))


class InvokeTest(GwTestCase):
    def test_invoke_json_carries_the_stage_line(self):
        r = run_gw("invoke", REST, "GET", "/csv/pets", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        fields = out["accessLog"].split(",")
        self.assertEqual(fields[-2], out["requestId"])
        self.assertEqual(fields[-1], out["headers"]["x-amz-apigw-id"])
        self.assertEqual(fields[-3], str(len(out["body"].encode())))
        r = run_gw("invoke", REST, "GET", "/plain/pets", "--json")
        self.assertNotIn("accessLog", json.loads(r.stdout))


def read(path):
    with open(path) as f:
        return f.read()


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


if __name__ == "__main__":
    unittest.main()
