"""HTTP_PROXY to an https backend: TLS through OpenSSL, certificates verified unless the
integration's tlsConfig.insecureSkipVerification says otherwise (as API Gateway does)."""
import http.server
import os
import ssl
import subprocess
import threading
import unittest

from gwtest import GwTestCase, send_json

SPEC = """openapi: 3.0.1
info: {title: tls, version: "1"}
x-gw: {apiType: REST}
paths:
  /secure:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://127.0.0.1:%(port)d/hello
  /insecure:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://127.0.0.1:%(port)d/hello
        tlsConfig: {insecureSkipVerification: true}
"""


class _Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        out = b'{"tls":true}'
        send_json(self, out)

    def log_message(self, *args):
        pass


class HttpsBackendTest(GwTestCase):
    def setUp(self):
        d = self.tmpdir()
        cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
        self.backend.socket = ctx.wrap_socket(self.backend.socket, server_side=True)
        threading.Thread(target=self.backend.serve_forever, daemon=True).start()
        self.addCleanup(self.backend.server_close)
        self.addCleanup(self.backend.shutdown)
        spec = os.path.join(d, "tls.yaml")
        with open(spec, "w") as f:
            f.write(SPEC % {"port": self.backend.server_address[1]})
        self.server = self.serve(spec)

    def test_untrusted_certificate_is_an_integration_failure(self):
        status, _, body = self.server.request("GET", "/local/secure")
        self.assertEqual(status, 500, body)
        self.assertEqual(body, '{"message":"Internal server error"}')

    def test_insecure_skip_verification_reaches_the_backend_over_tls(self):
        status, _, body = self.server.request("GET", "/local/insecure")
        self.assertEqual(status, 200, body)
        self.assertEqual(body, '{"tls":true}')


if __name__ == "__main__":
    unittest.main()
