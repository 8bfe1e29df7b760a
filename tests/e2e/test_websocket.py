"""gw serve with WebSocket APIs (issue 19): fixtures/websocket/chat.yaml (a Python Lambda chat
broadcasting through @connections with boto3) and mock.yaml (MOCK routes, no $default).

The client is Debian's python3-websockets. Event shapes follow AWS captures: aws/aws-lambda-go
events/testdata/apigw-websocket-request-send-message.json and ...-disconnect.json (2024), the
$connect events in aws/aws-lambda-runtime-interface-emulator#25; the no-route frame
`{"message": "Forbidden", "connectionId":"...", "requestId":"..."}` as wscat users quote it;
@connections as botocore's apigatewaymanagementapi model defines it (AWS_BEHAVIOUR facts 71-73).
"""
import asyncio
import json
import os
import sys
import unittest

import gwtest

try:
    import websockets
except ImportError:  # a pyenv interpreter: use Debian's python3-websockets
    sys.path.append("/usr/lib/python3/dist-packages")
    import websockets

try:
    import boto3
except ImportError:
    boto3 = None

FIXTURES = os.path.join(gwtest.SOURCE_DIR, "fixtures", "websocket")
CHAT = os.path.join(FIXTURES, "chat.yaml")
MOCK = os.path.join(FIXTURES, "mock.yaml")
TIMEOUT = 20


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


async def recv(ws):
    return await asyncio.wait_for(ws.recv(), TIMEOUT)


async def whoami(ws):
    await ws.send(json.dumps({"action": "whoami"}))
    return json.loads(await recv(ws))


class WebSocketChatTest(gwtest.GwTestCase):
    def setUp(self):
        self.server = self.serve(CHAT, "--no-watch")
        self.base = "ws://127.0.0.1:%d/prod" % self.server.port

    def test_banner_names_the_stage_and_routes(self):
        out = self.server.stdout.text()
        self.assertIn("(WEBSOCKET API", out)
        self.assertIn("ws://127.0.0.1:%d/prod" % self.server.port, out)
        self.assertIn("sendmessage -> AWS_PROXY chat", out)
        self.assertIn("whoami -> AWS_PROXY chat (two-way)", out)
        # No empty REST route table under the WebSocket routes (it printed its header alone).
        self.assertNotIn("METHOD  PATH", out)

    def test_three_clients_chat_through_connections(self):
        async def chat():
            a = await websockets.connect(self.base)
            b = await websockets.connect(self.base)
            c = await websockets.connect(self.base + "?name=carol")
            await a.send(json.dumps({"action": "sendmessage", "data": "hello"}))
            got = [await recv(ws) for ws in (a, b, c)]
            await b.close()
            self.assertEqual(b.close_code, 1000)
            # $disconnect ran (best effort, after the close): b is no longer in the room
            gwtest.poll(lambda: self.server.stdout.find(r"\$disconnect \(1000\)"),
                        what="the $disconnect line")
            await c.send(json.dumps({"action": "sendmessage", "data": "again"}))
            again = [await recv(ws) for ws in (a, c)]
            await a.close()
            await c.close()
            return got, again
        got, again = run(chat())
        self.assertEqual(got, ["hello"] * 3)
        self.assertEqual(again, ["again"] * 2)

    def test_connect_refused_with_the_status_connect_answered(self):
        async def refused():
            with self.assertRaises(websockets.exceptions.InvalidStatusCode) as cm:
                await websockets.connect(self.base + "?name=mallory")
            return cm.exception.status_code
        self.assertEqual(run(refused()), 403)

    def test_unknown_stage_is_forbidden(self):
        async def refused():
            with self.assertRaises(websockets.exceptions.InvalidStatusCode) as cm:
                await websockets.connect("ws://127.0.0.1:%d/nostage" % self.server.port)
            return cm.exception.status_code
        self.assertEqual(run(refused()), 403)

    def test_lambda_events_have_the_aws_shapes(self):
        async def shapes():
            async with websockets.connect(self.base + "?room=blue&room=red") as ws:
                await ws.send(json.dumps({"action": "echoevent"}))
                return json.loads(await recv(ws))
        seen = run(shapes())
        connect, message = seen["connect"], seen["message"]
        self.assertEqual(set(connect), {"headers", "multiValueHeaders", "queryStringParameters",
                                        "multiValueQueryStringParameters", "requestContext",
                                        "isBase64Encoded"})
        self.assertEqual(connect["queryStringParameters"], {"room": "red"})
        self.assertEqual(connect["multiValueQueryStringParameters"], {"room": ["blue", "red"]})
        self.assertIn("Sec-WebSocket-Key", connect["headers"])
        self.assertNotIn("Upgrade", connect["headers"])
        self.assertEqual(connect["headers"]["X-Forwarded-Proto"], "https")
        rc = connect["requestContext"]
        self.assertEqual(set(rc), {"routeKey", "eventType", "extendedRequestId", "requestTime",
                                   "messageDirection", "stage", "connectedAt", "requestTimeEpoch",
                                   "identity", "requestId", "domainName", "connectionId",
                                   "apiId"})
        self.assertEqual((rc["routeKey"], rc["eventType"], rc["messageDirection"], rc["stage"]),
                         ("$connect", "CONNECT", "IN", "prod"))
        self.assertEqual(rc["domainName"], "127.0.0.1:%d" % self.server.port)
        self.assertEqual(rc["identity"]["sourceIp"], "127.0.0.1")
        self.assertRegex(rc["connectionId"], r"^[A-Za-z0-9_-]{15}=$")
        self.assertEqual(set(message), {"requestContext", "body", "isBase64Encoded"})
        mc = message["requestContext"]
        self.assertEqual((mc["routeKey"], mc["eventType"]), ("echoevent", "MESSAGE"))
        self.assertEqual(mc["connectionId"], rc["connectionId"])
        self.assertEqual(mc["connectedAt"], rc["connectedAt"])
        self.assertIn("messageId", mc)
        self.assertEqual(json.loads(message["body"]), {"action": "echoevent"})
        self.assertFalse(message["isBase64Encoded"])

    def test_two_way_route_answers_and_get_connection(self):
        async def ask():
            async with websockets.connect(self.base) as ws:
                return await whoami(ws)
        me = run(ask())
        self.assertEqual(me["sourceIp"], "127.0.0.1")
        self.assertIn("websockets", me["userAgent"])
        self.assertRegex(me["connectionId"], r"=$")

    def test_unmatched_and_non_json_messages_go_to_default(self):
        async def talk():
            async with websockets.connect(self.base) as ws:
                await ws.send("plain text")
                first = await recv(ws)
                await ws.send(json.dumps({"action": "nosuchroute"}))
                return first, await recv(ws)
        first, second = run(talk())
        self.assertEqual(first, "no route for: plain text")
        self.assertEqual(second, 'no route for: {"action": "nosuchroute"}')

    def test_failing_function_sends_internal_server_error(self):
        async def fail():
            async with websockets.connect(self.base) as ws:
                await ws.send(json.dumps({"action": "fail"}))
                return json.loads(await recv(ws))
        frame = run(fail())
        self.assertEqual(frame["message"], "Internal server error")
        self.assertEqual(set(frame), {"message", "connectionId", "requestId"})

    def test_connections_api_over_http(self):
        async def manage():
            async with websockets.connect(self.base) as ws:
                me = (await whoami(ws))["connectionId"]
                path = "/prod/@connections/" + me.replace("=", "%3D")
                status, headers, body = self.server.request("GET", path)
                self.assertEqual(status, 200, body)
                info = json.loads(body)
                self.assertEqual(set(info), {"connectedAt", "identity", "lastActiveAt"})
                self.assertEqual(info["identity"]["sourceIp"], "127.0.0.1")
                self.assertRegex(info["connectedAt"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
                status, _, _ = self.server.request("POST", path, body="pushed")
                self.assertEqual(status, 200)
                self.assertEqual(await recv(ws), "pushed")
                status, _, _ = self.server.request("DELETE", path)
                self.assertEqual(status, 204)
                await asyncio.wait_for(ws.wait_closed(), TIMEOUT)
                return path
        path = run(manage())
        status, headers, body = self.server.request("GET", path)
        self.assertEqual(status, 410)
        self.assertEqual(gwtest.header(headers, "x-amzn-ErrorType"), "GoneException")
        status, headers, _ = self.server.request("POST", "/prod/@connections/bm9ib2R5aGVyZQ%3D",
                                                 body="x")
        self.assertEqual(status, 410)

    @unittest.skipIf(boto3 is None, "boto3 is not installed")
    def test_boto3_management_client_with_endpoint_url(self):
        api = boto3.client("apigatewaymanagementapi",
                           endpoint_url="http://127.0.0.1:%d/prod" % self.server.port,
                           region_name="us-east-1", aws_access_key_id="local",
                           aws_secret_access_key="local")

        async def drive():
            async with websockets.connect(self.base) as ws:
                me = (await whoami(ws))["connectionId"]
                info = api.get_connection(ConnectionId=me)
                self.assertEqual(info["Identity"]["SourceIp"], "127.0.0.1")
                api.post_to_connection(ConnectionId=me, Data=b"from boto3")
                self.assertEqual(await recv(ws), "from boto3")
                api.delete_connection(ConnectionId=me)
                await asyncio.wait_for(ws.wait_closed(), TIMEOUT)
                return me
        me = run(drive())
        with self.assertRaises(api.exceptions.GoneException):
            api.post_to_connection(ConnectionId=me, Data=b"late")

    def test_leave_deletes_its_own_connection(self):
        async def leave():
            async with websockets.connect(self.base) as ws:
                await ws.send(json.dumps({"action": "leave"}))
                await asyncio.wait_for(ws.wait_closed(), TIMEOUT)
                return ws.close_code
        self.assertEqual(run(leave()), 1000)

    def test_a_message_over_128_kb_closes_with_1009(self):
        async def big():
            async with websockets.connect(self.base) as ws:
                await ws.send("x" * (128 * 1024 + 1))
                await asyncio.wait_for(ws.wait_closed(), TIMEOUT)
                return ws.close_code
        self.assertEqual(run(big()), 1009)


class WebSocketTemplateTest(gwtest.GwTestCase):
    def test_the_cloudformation_form_serves_the_same_chat(self):
        server = self.serve(os.path.join(FIXTURES, "template.yaml"), "--no-watch")
        base = "ws://127.0.0.1:%d/Prod" % server.port

        async def chat():
            async with websockets.connect(base) as a, websockets.connect(base) as b:
                me = await whoami(a)  # WhoamiRouteResponse: a two-way route
                await b.send(json.dumps({"action": "sendmessage", "data": "hi"}))
                return me, [await recv(a), await recv(b)]
        me, got = run(chat())
        self.assertEqual(me["sourceIp"], "127.0.0.1")
        self.assertEqual(got, ["hi", "hi"])


class WebSocketMockTest(gwtest.GwTestCase):
    def test_mock_routes_and_the_forbidden_frame(self):
        server = self.serve(MOCK, "--no-watch")

        async def talk():
            async with websockets.connect("ws://127.0.0.1:%d/local" % server.port) as ws:
                await ws.send(json.dumps({"service": "quiet", "action": "now"}))  # one-way
                await ws.send(json.dumps({"service": "ping", "action": "now"}))
                pong = await recv(ws)
                await ws.send(json.dumps({"service": "nobody", "action": "home"}))
                return pong, json.loads(await recv(ws))
        pong, forbidden = run(talk())
        self.assertEqual(pong, '{"pong":true}')
        self.assertEqual(forbidden["message"], "Forbidden")
        self.assertEqual(set(forbidden), {"message", "connectionId", "requestId"})

    def test_reload_counts_websocket_routes(self):
        # Regression: the reload note counted OpenAPI operations, "reloaded: 0 routes" here.
        import shutil
        spec = os.path.join(self.tmpdir(), "ws.yaml")
        shutil.copy(MOCK, spec)
        server = self.serve(spec)
        with open(spec) as f:
            text = f.read()
        with open(spec, "w") as f:
            f.write(text + "    extra/now: {type: MOCK}\n")
        gwtest.poll(lambda: server.stdout.find(r"^reloaded: 4 routes$"), what="the reload note")


if __name__ == "__main__":
    unittest.main()
