"""End-to-end: authorizers and access control (issue 5) on fixtures/auth.

Real Lambda authorizer handlers (Python), real JWTs from `gw token` (RSA, gw's development
issuer in a temp state directory), real SigV4 signatures from the independent npm `aws4`
signer (skipped with a reason when node or aws4 is absent), the resource policy of the
example API. Facts cited from AWS_BEHAVIOUR.md.
"""
import json
import os
import shutil
import subprocess
import unittest

from gwtest import GwTestCase, HERE, SOURCE_DIR, header, run_gw

FIXTURE = os.path.join(SOURCE_DIR, "fixtures", "auth")
COGNITO_ISS = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example"
AWS4 = os.path.join(HERE, "node_modules", "aws4")


def copy_fixture(test):
    """A private copy of fixtures/auth, so the issuer key lands in a temp .gw/."""
    path = os.path.join(test.tmpdir(), "auth")
    shutil.copytree(FIXTURE, path, ignore=shutil.ignore_patterns(".gw", "__pycache__"))
    return path


def token(spec, *args):
    out = run_gw("token", spec, *args)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


class RestAuthTest(GwTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def setUp(self):
        self.dir = copy_fixture(self)
        self.spec = os.path.join(self.dir, "rest.yaml")
        self.server = self.serve(self.spec)

    def get(self, path, headers=None, method="GET", body=None):
        status, hdrs, text = self.server.request(method, "/local" + path, body=body,
                                                 headers=headers or {})
        return status, hdrs, text

    def test_token_authorizer_outcomes(self):
        # fact 52: Allow -> the integration sees principalId and the stringified context (54)
        status, _, body = self.get("/token/pets", {"Authorization": "Bearer alice"})
        self.assertEqual(status, 200, body)
        auth = json.loads(body)["authorizer"]
        self.assertEqual(auth["principalId"], "user-alice")
        self.assertEqual((auth["plan"], auth["n"]), ("gold", "1"))
        status, hdrs, body = self.get("/token/pets", {"Authorization": "Bearer deny"})
        self.assertEqual((status, body), (403, '{"message":"User is not authorized to access '
                                               'this resource with an explicit deny"}'))
        self.assertEqual(header(hdrs, "x-amzn-ErrorType"), "AccessDeniedException")
        status, hdrs, body = self.get("/token/pets", {"Authorization": "Bearer unauthorized"})
        self.assertEqual((status, body), (401, '{"message":"Unauthorized"}'))
        self.assertEqual(header(hdrs, "x-amzn-ErrorType"), "UnauthorizedException")
        status, _, _ = self.get("/token/pets", {"Authorization": "Bearer broken"})
        self.assertEqual(status, 500)  # malformed answer

    def test_identity_validation_and_missing_token_are_401_without_a_call(self):
        for headers in ({}, {"Authorization": "Bearer NOT-lower"}, {"Authorization": ""}):
            status, _, body = self.get("/token/pets", headers)
            self.assertEqual((status, body), (401, '{"message":"Unauthorized"}'))
        self.assertIsNone(self.server.stderr.find(r"\[tokenAuth\]"))  # never started

    def test_cached_narrow_allow_blocks_other_methods(self):
        # fact 53: the policy cached for this token names GET only; POST reuses it -> 403
        self.assertEqual(self.get("/token/pets", {"Authorization": "Bearer narrow"})[0], 200)
        status, _, body = self.get("/token/pets", {"Authorization": "Bearer narrow"}, "POST", "{}")
        self.assertEqual((status, body),
                         (403, '{"message":"User is not authorized to access this resource"}'))

    def test_request_authorizer(self):
        status, _, body = self.get("/request/pets", {"X-Tenant": "acme"})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["authorizer"]["eventType"], "REQUEST")
        self.assertEqual(self.get("/request/pets", {"X-Tenant": "other"})[0], 403)
        self.assertEqual(self.get("/request/pets")[0], 401)

    def test_cognito_user_pool(self):
        good = token(self.spec, "--issuer", COGNITO_ISS, "--aud", "example-client",
                     "--token-use", "id", "--sub", "u-42")
        status, _, body = self.get("/cognito/pets", {"Authorization": good})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["authorizer"]["claims"]["sub"], "u-42")
        expired = token(self.spec, "--issuer", COGNITO_ISS, "--aud", "example-client",
                        "--token-use", "id", "--expires-in=-1m")
        self.assertEqual(self.get("/cognito/pets", {"Authorization": expired})[0], 401)
        wrong_aud = token(self.spec, "--issuer", COGNITO_ISS, "--aud", "someone-else",
                          "--token-use", "id")
        self.assertEqual(self.get("/cognito/pets", {"Authorization": wrong_aud})[0], 401)
        access = token(self.spec, "--issuer", COGNITO_ISS, "--client-id", "example-client",
                       "--token-use", "access", "--scope", "pets/admin")
        self.assertEqual(self.get("/cognito/admin", {"Authorization": access})[0], 200)
        self.assertEqual(self.get("/cognito/admin", {"Authorization": good})[0], 401)

    def test_resource_policy_explicit_deny(self):
        status, _, body = self.get("/blocked")
        self.assertEqual(status, 403)
        self.assertRegex(body, r'^\{"message":"User: anonymous is not authorized to perform: '
                               r'execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:'
                               r'123456789012:\w+/local/GET/blocked with an explicit deny"\}$')
        self.assertEqual(self.get("/open")[0], 200)


def aws4_sign(port, path, method="GET", body=None, secret="gw-example-secret",
              key="AKIDGWEXAMPLE", date=None, sign_query=False):
    """Signs with the npm aws4 package; returns (path, headers)."""
    opts = {"host": "127.0.0.1:%d" % port, "path": path, "method": method,
            "service": "execute-api", "region": "us-east-1", "headers": {}}
    if body is not None:
        opts["body"] = body
        opts["headers"]["Content-Type"] = "application/json"
    if date:
        opts["headers"]["Date"] = date
    if sign_query:
        opts["signQuery"] = True
    script = ("const aws4=require(process.argv[1]);const o=JSON.parse(process.argv[2]);"
              "aws4.sign(o,{accessKeyId:process.argv[3],secretAccessKey:process.argv[4]});"
              "console.log(JSON.stringify({path:o.path,headers:o.headers}));")
    out = subprocess.run(["node", "-e", script, AWS4, json.dumps(opts), key, secret],
                         capture_output=True, text=True, timeout=30, check=True)
    signed = json.loads(out.stdout)
    signed["headers"].pop("Date", None)
    return signed["path"], signed["headers"]


@unittest.skipUnless(shutil.which("node") and os.path.isdir(AWS4),
                     "needs node and the npm aws4 package in tests/e2e/node_modules")
class SigV4Test(GwTestCase):
    def setUp(self):
        self.server = self.serve(os.path.join(copy_fixture(self), "rest.yaml"))

    def call(self, method="GET", path="/local/iam/pets", body=None, **kw):
        signed_path, headers = aws4_sign(self.server.port, path, method, body, **kw)
        return self.server.request(method, signed_path, body=body, headers=headers)

    def test_signed_request_is_accepted_and_identity_filled(self):
        status, _, body = self.call()
        self.assertEqual(status, 200, body)
        identity = json.loads(body)["identity"]
        self.assertEqual(identity["accessKey"], "AKIDGWEXAMPLE")
        self.assertEqual(identity["userArn"], "arn:aws:iam::123456789012:user/ci-bot")
        status, _, body = self.call(sign_query=True)  # presigned URL
        self.assertEqual(status, 200, body)

    def test_credentials_from_a_cognito_identity_pool(self):
        # $context.identity.cognito* only for requests signed with Amazon Cognito credentials
        # (AWS-doc api-gateway-mapping-template-reference.md); the caller is the pool's role.
        status, _, body = self.call(key="ASIAGWAPPUSER", secret="gw-app-user-secret")
        self.assertEqual(status, 200, body)
        identity = json.loads(body)["identity"]
        self.assertEqual(identity["cognitoIdentityId"],
                         "us-east-1:0b4f2d1c-1111-2222-3333-444455556666")
        self.assertEqual(identity["cognitoIdentityPoolId"],
                         "us-east-1:7c1d0e2f-aaaa-bbbb-cccc-ddddeeeeffff")
        self.assertEqual(identity["cognitoAuthenticationType"], "authenticated")
        self.assertTrue(identity["cognitoAuthenticationProvider"].endswith(":CognitoSignIn:u-42"))
        self.assertEqual(identity["caller"], "AROAGWAPPUSER:CognitoIdentityCredentials")
        self.assertEqual(identity["userArn"], "arn:aws:sts::123456789012:assumed-role/"
                                              "Cognito_ExampleAuth_Role/CognitoIdentityCredentials")
        status, _, body = self.call()  # a plain IAM user has no Cognito identity
        self.assertIsNone(json.loads(body)["identity"]["cognitoIdentityId"])

    def test_policy_not_covering_the_method(self):
        status, _, body = self.call("POST", body='{"a":1}')
        self.assertEqual(status, 403)
        self.assertIn("User: arn:aws:iam::123456789012:user/ci-bot is not authorized to perform: "
                      "execute-api:Invoke on resource: arn:aws:execute-api:", body)

    def test_tampered_wrong_secret_unknown_key_expired_missing(self):
        path, headers = aws4_sign(self.server.port, "/local/iam/pets", "POST", '{"a":1}')
        status, hdrs, body = self.server.request("POST", path, body='{"a":2}', headers=headers)
        self.assertEqual(status, 403)
        self.assertEqual(header(hdrs, "x-amzn-ErrorType"), "InvalidSignatureException")
        self.assertIn("The request signature we calculated does not match", body)
        status, _, _ = self.call(secret="wrong")
        self.assertEqual(status, 403)
        status, hdrs, body = self.call(key="AKIDUNKNOWN")
        self.assertEqual((status, body), (403, '{"message":"The security token included in '
                                               'the request is invalid."}'))
        self.assertEqual(header(hdrs, "x-amzn-ErrorType"), "UnrecognizedClientException")
        status, _, body = self.call(date="Mon, 01 Jan 2024 00:00:00 GMT")
        self.assertEqual(status, 403)
        self.assertIn("Signature expired: 20240101T000000Z is now earlier than", body)
        status, _, body = self.server.request("GET", "/local/iam/pets")
        self.assertEqual((status, body), (403, '{"message":"Missing Authentication Token"}'))


class HttpAuthTest(GwTestCase):
    def setUp(self):
        self.spec = os.path.join(copy_fixture(self), "http.yaml")
        self.server = self.serve(self.spec)

    def test_jwt_authorizer(self):
        # fact 58
        good = token(self.spec, "--aud", "example-app", "--scope", "pets/read", "--sub", "u-9")
        status, _, body = self.server.request("GET", "/jwt/pets",
                                              headers={"Authorization": "Bearer " + good})
        self.assertEqual(status, 200, body)
        jwt = json.loads(body)["authorizer"]["jwt"]
        self.assertEqual((jwt["claims"]["sub"], jwt["scopes"]), ("u-9", ["pets/read"]))
        status, hdrs, body = self.server.request("GET", "/jwt/pets")
        self.assertEqual((status, body), (401, '{"message":"Unauthorized"}'))
        self.assertTrue(header(hdrs, "www-authenticate").startswith("Bearer"))
        expired = token(self.spec, "--aud", "example-app", "--expires-in=-10s")
        status, hdrs, _ = self.server.request("GET", "/jwt/pets",
                                              headers={"Authorization": expired})
        self.assertEqual(status, 401)
        self.assertIn("expired", header(hdrs, "www-authenticate"))
        other = token(self.spec, "--aud", "not-this-app")
        self.assertEqual(self.server.request("GET", "/jwt/pets",
                                             headers={"Authorization": other})[0], 401)
        status, hdrs, body = self.server.request("GET", "/jwt/admin",
                                                 headers={"Authorization": good})
        self.assertEqual((status, body), (403, '{"message":"Forbidden"}'))
        self.assertIn('error="insufficient_scope"', header(hdrs, "www-authenticate"))
        admin = token(self.spec, "--aud", "example-app", "--scope", "pets/admin")
        self.assertEqual(self.server.request("GET", "/jwt/admin",
                                             headers={"Authorization": admin})[0], 200)

    def test_simple_response_lambda_authorizer(self):
        # facts 56, 57
        status, _, body = self.server.request("GET", "/lambda/pets",
                                              headers={"x-token": "let-me-in"})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["authorizer"]["lambda"],
                         {"who": "let-me-in", "roles": ["reader"], "level": 2})
        status, _, body = self.server.request("GET", "/lambda/pets", headers={"x-token": "no"})
        self.assertEqual((status, body), (403, '{"message":"Forbidden"}'))
        self.assertEqual(self.server.request("GET", "/lambda/pets")[0], 401)

    def test_local_issuer_discovery_and_jwks(self):
        token(self.spec)  # creates the key
        status, _, body = self.server.request("GET", "/.well-known/openid-configuration")
        self.assertEqual(status, 200)
        doc = json.loads(body)
        self.assertEqual(doc["issuer"], "https://issuer.gw.localhost")
        self.assertTrue(doc["jwks_uri"].endswith("/.well-known/jwks.json"))
        status, _, body = self.server.request("GET", "/.well-known/jwks.json")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["keys"][0]["kty"], "RSA")


if __name__ == "__main__":
    unittest.main()
