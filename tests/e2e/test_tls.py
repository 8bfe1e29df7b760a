"""HTTPS on `gw serve`: the local development CA (--tls), your own certificate (--cert/--key),
a certificate per custom domain chosen by SNI, and mutual TLS with a domain's truststore.

API Gateway's mTLS answers: the handshake completes and a request without a certificate the
truststore signs is answered 403 {"message":"Forbidden"} (AWS knowledge center,
"api-gateway-mutual-tls-403-errors")."""
import json
import os
import shutil
import ssl
import stat
import subprocess

from gwtest import PETSTORE, GwTestCase, https_get, poll, run_gw

DOMAIN_SPEC = """\
openapi: 3.0.3
info: {title: Secure, version: "1"}
x-gw:
  apiType: REST
  stages: {prod: {}}
  domains:
    mtls.example.test:
      endpointType: REGIONAL
      mtls: {truststore: clients-ca.pem}
      mappings: {"(none)": {api: ., stage: prod}}
    open.example.test:
      endpointType: REGIONAL
      mappings: {"(none)": {api: ., stage: prod}}
paths:
  /hello:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"hi": 1}'}}}
  /whoami:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '{"subject": "$context.identity.clientCert.subjectDN", "issuer": "$context.identity.clientCert.issuerDN", "pem": #if($context.identity.clientCert.clientCertPem.startsWith("-----BEGIN CERTIFICATE"))true#{else}false#end}'

"""


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_ca(cwd, name):
    """A CA of the test's own (not gw's): name.pem and name-key.pem."""
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", name + "-key.pem", "-out", name + ".pem", "-days", "2",
            "-subj", "/CN=" + name, cwd=cwd)


def make_client_cert(cwd, ca, name):
    """A client certificate signed by `ca`: name.pem and name-key.pem."""
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", name + "-key.pem", "-out", name + ".csr", "-subj", "/CN=" + name, cwd=cwd)
    ext = os.path.join(cwd, name + ".ext")
    with open(ext, "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + "-key.pem",
            "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", ext, cwd=cwd)


class LocalCaTest(GwTestCase):
    def test_tls_serves_https_from_a_local_ca_kept_in_the_state_dir(self):
        tmp = self.tmpdir()
        spec = os.path.join(tmp, "petstore.yaml")
        shutil.copy(PETSTORE, spec)
        server = self.serve(spec, "--tls")
        ca = os.path.join(tmp, ".gw", "tls", "ca.pem")
        key = os.path.join(tmp, ".gw", "tls", "ca-key.pem")
        self.assertTrue(server.stdout.find(r"https://127\.0\.0\.1:%d/dev" % server.port))
        self.assertTrue(server.stdout.find(r"created gw's local CA: .*ca\.pem"),
                        server.stdout.text())
        self.assertTrue(server.stdout.find(r"curl --cacert "))
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600)
        # curl, verifying against the CA, by name and by address.
        for host in ("localhost", "127.0.0.1"):
            out = subprocess.run(
                ["curl", "-sS", "--max-time", "10", "--cacert", ca, "-o", "/dev/null",
                 "-w", "%{http_code}", "https://%s:%d/dev/pets" % (host, server.port)],
                capture_output=True, text=True, timeout=30)
            self.assertEqual(out.stdout, "200", out.stderr)
        # Python's ssl, strict verification by default.
        status, body = https_get(server.port, "/dev/pets", ca, "localhost")
        self.assertEqual(status, 200)
        # Plain HTTP still answers on the same port.
        self.assertEqual(server.request("GET", "/dev/pets")[0], 200)
        self.assertEqual(server.terminate(), 0)

        # The next start uses the same CA: what the user trusted stays trusted.
        with open(ca) as f:
            first = f.read()
        again = self.serve(spec, "--tls")
        self.assertTrue(again.stdout.find(r"using gw's local CA"))
        with open(ca) as f:
            self.assertEqual(f.read(), first)
        self.assertEqual(https_get(again.port, "/dev/pets", ca, "localhost")[0], 200)

    def test_cert_and_key_serve_your_own_certificate(self):
        tmp = self.tmpdir()
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost", cwd=tmp)
        server = self.serve(PETSTORE, "--cert", os.path.join(tmp, "cert.pem"),
                            "--key", os.path.join(tmp, "key.pem"))
        self.assertFalse(server.stdout.find(r"local CA"))
        status, _ = https_get(server.port, "/dev/pets", os.path.join(tmp, "cert.pem"), "localhost")
        self.assertEqual(status, 200)

    def test_bad_certificate_flags_exit_2_with_one_line(self):
        tmp = self.tmpdir()
        with open(os.path.join(tmp, "junk.pem"), "w") as f:
            f.write("not a certificate\n")
        alone = run_gw("serve", PETSTORE, "--port", "0", "--cert", os.path.join(tmp, "junk.pem"))
        self.assertEqual(alone.returncode, 2, alone.stderr)
        self.assertIn("--cert needs --key", alone.stderr)
        junk = run_gw("serve", PETSTORE, "--port", "0", "--cert", os.path.join(tmp, "junk.pem"),
                      "--key", os.path.join(tmp, "junk.pem"))
        self.assertEqual(junk.returncode, 2, junk.stderr)
        self.assertIn("not a PEM certificate", junk.stderr)
        self.assertEqual(len(junk.stderr.strip().splitlines()), 1, junk.stderr)


class DomainTlsTest(GwTestCase):
    def setUp(self):
        self.dir = self.tmpdir()
        with open(os.path.join(self.dir, "api.yaml"), "w") as f:
            f.write(DOMAIN_SPEC)
        make_ca(self.dir, "clients-ca")
        make_ca(self.dir, "stranger-ca")
        make_client_cert(self.dir, "clients-ca", "alice")
        make_client_cert(self.dir, "stranger-ca", "mallory")
        self.server = self.serve(os.path.join(self.dir, "api.yaml"), "--tls")
        self.ca = os.path.join(self.dir, ".gw", "tls", "ca.pem")

    def get(self, host, cert=None):
        path = "/prod/hello" if host == "localhost" else "/hello"  # domains map (none) to prod
        return https_get(self.server.port, path, self.ca, host,
                         os.path.join(self.dir, cert) if cert else None)

    def test_sni_picks_each_domains_certificate(self):
        # Python checks the certificate's name against server_hostname: each passes only with
        # a certificate issued for that domain.
        self.assertEqual(self.get("open.example.test")[0], 200)
        self.assertEqual(self.get("localhost")[0], 200)
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.get("unknown.example.test")  # the default certificate does not name it

    def test_mtls_accepts_a_trusted_certificate_and_refuses_the_rest_with_403(self):
        self.assertEqual(self.get("mtls.example.test", "alice"), (200, '{"hi": 1}'))
        self.assertEqual(self.get("mtls.example.test", "mallory"),
                         (403, '{"message":"Forbidden"}'))
        self.assertEqual(self.get("mtls.example.test"), (403, '{"message":"Forbidden"}'))
        # The log line is written after the answer: poll for it.
        poll(lambda: self.server.stdout.find(r" 403 "), what="the 403 access log line")
        poll(lambda: self.server.stderr.find(
            r"mtls: Access denied\. Reason: Could not find issuer for certificate "
            r"\(domain mtls\.example\.test\)"), what="the mTLS reason in the log")
        # The accepted certificate reaches $context.identity.clientCert (AWS, "rest-api-mutual-tls").
        status, body = https_get(self.server.port, "/whoami", self.ca, "mtls.example.test",
                                 os.path.join(self.dir, "alice"))
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"subject": "CN=alice", "issuer": "CN=clients-ca",
                                            "pem": True})
        # Another domain on the same port asks for no certificate.
        self.assertEqual(self.get("open.example.test")[0], 200)


class DomainFileErrorsTest(GwTestCase):
    def test_a_missing_truststore_is_a_positioned_error(self):
        tmp = self.tmpdir()
        spec = os.path.join(tmp, "api.yaml")
        with open(spec, "w") as f:
            f.write(DOMAIN_SPEC)
        out = run_gw("serve", spec, "--port", "0", "--tls")
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertRegex(out.stderr, r"api\.yaml:\d+:\d+: .*mtls\.truststore: cannot read")
