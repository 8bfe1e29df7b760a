"""gw's Python runtime: speaks the Lambda Runtime API to gw and calls the user's handler.

Loads `_HANDLER` (`module.function`, module path relative to LAMBDA_TASK_ROOT), then loops:
GET /invocation/next -> handler(event, context) -> POST /invocation/{id}/response (or /error
with errorMessage/errorType/stackTrace). Standard library only. The HTTP client is a lean
keep-alive HTTP/1.1 client over one raw socket: http.client costs ~350 us per invocation. A
result and the request for the next event go out in one write (pipelined), so an invocation
costs the worker one wake-up.
"""
import importlib
import json
import os
import socket
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"
FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
FUNCTION_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
MEMORY_LIMIT_IN_MB = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
LOG_GROUP_NAME = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
LOG_STREAM_NAME = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")


class Conn:
    """One keep-alive connection to the Runtime API; reconnects once on a dropped socket."""

    def __init__(self, hostport):
        host, _, port = hostport.rpartition(":")
        self.addr = (host, int(port))
        self.host = ("Host: %s:%d\r\n" % self.addr).encode("latin-1")
        self.sock = None
        self.buf = b""
        # recv_into one reused buffer: recv(65536) mallocs 64 KiB and shrinks it per read,
        # which makes glibc consolidate its free lists on every invocation.
        self.chunk = bytearray(65536)

    def _connect(self):
        self.sock = socket.create_connection(self.addr)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def request(self, method, path, body=b"", headers=None):
        for attempt in (0, 1):
            try:
                if self.sock is None:
                    self._connect()
                self._send(method, path, body, headers)
                return self._read()
            except (ConnectionError, OSError):
                self.sock = None
                if attempt:
                    raise
        raise ConnectionError("unreachable")

    def post_then_next(self, path, body, headers=None):
        """POSTs a result and asks for the next event in one write (HTTP/1.1 pipelining: gw
        answers the POST, then holds the GET until the next invocation); returns the event."""
        self.sock.sendall(self._message("POST", path, body, headers) +
                          self._message("GET", PREFIX + "/invocation/next", b"", None))
        self._read()
        return self._read()

    def _message(self, method, path, body, headers):
        head = "%s %s HTTP/1.1\r\nContent-Length: %d\r\n" % (method, path, len(body))
        if headers:
            for k, v in headers.items():
                head += "%s: %s\r\n" % (k, v)
        return b"".join((head.encode("latin-1"), self.host, b"\r\n", body))

    def _send(self, method, path, body, headers):
        self.sock.sendall(self._message(method, path, body, headers))

    def _fill(self):
        n = self.sock.recv_into(self.chunk)
        if not n:
            raise ConnectionError("connection closed")
        self.buf += self.chunk[:n]

    def _body(self, length):
        """The next `length` bytes: a large body is received straight into its own buffer
        (growing self.buf by 64 KiB reads would copy it over and over)."""
        if len(self.buf) >= length:
            body, self.buf = self.buf[:length], self.buf[length:]
            return body
        body = bytearray(length)
        view = memoryview(body)
        got = len(self.buf)
        view[:got] = self.buf
        self.buf = b""
        while got < length:
            n = self.sock.recv_into(view[got:])
            if not n:
                raise ConnectionError("connection closed")
            got += n
        return bytes(body)

    def _read(self):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        body = self._body(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.sock.close()
            self.sock = None
        return status, headers, body


class Context:
    """The Lambda context object (the fields and methods of AWS's Python runtime)."""

    def __init__(self, request_id, deadline_ms, arn, trace_id):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = FUNCTION_NAME
        self.function_version = FUNCTION_VERSION
        self.memory_limit_in_mb = MEMORY_LIMIT_IN_MB
        self.log_group_name = LOG_GROUP_NAME
        self.log_stream_name = LOG_STREAM_NAME
        self.identity = None        # CognitoIdentity when the caller had one
        self.client_context = None  # ClientContext when the invoker sent one
        self._deadline_ms = deadline_ms
        self._trace_id = trace_id

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


class CognitoIdentity:
    """context.identity: the caller's Amazon Cognito identity (as AWS's Python runtime)."""

    def __init__(self, doc):
        self.cognito_identity_id = doc.get("cognitoIdentityId")
        self.cognito_identity_pool_id = doc.get("cognitoIdentityPoolId")


class Client:
    """context.client_context.client: the mobile app that invoked the function."""

    def __init__(self, doc):
        self.installation_id = doc.get("installation_id")
        self.app_title = doc.get("app_title")
        self.app_version_name = doc.get("app_version_name")
        self.app_version_code = doc.get("app_version_code")
        self.app_package_name = doc.get("app_package_name")


class ClientContext:
    """context.client_context: the Invoke API's ClientContext."""

    def __init__(self, doc):
        client = doc.get("client")
        self.client = Client(client) if isinstance(client, dict) else None
        self.custom = doc.get("custom")
        self.env = doc.get("env")


def json_header(headers, name):
    text = headers.get(name)
    if not text:
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def error_doc(exc):
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "requestId": "",
        "stackTrace": traceback.format_list(traceback.extract_tb(exc.__traceback__)[1:]),
    }


def load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_name, _, function_name = spec.rpartition(".")
    if not module_name:
        raise ValueError("Bad handler '%s': not enough values to unpack" % spec)
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", "."))
    module = importlib.import_module(module_name.replace("/", "."))
    handler = getattr(module, function_name, None)
    if handler is None:
        raise AttributeError("Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler


def main():
    conn = Conn(API)
    try:
        handler = load_handler()
    except Exception as exc:  # noqa: BLE001 - reported to the Runtime API as AWS does
        doc = error_doc(exc)
        doc["errorType"] = "Runtime.ImportModuleError"
        doc["errorMessage"] = "Unable to import module '%s': %s" % (
            os.environ.get("_HANDLER", ""), exc)
        print("[ERROR] %s" % doc["errorMessage"], file=sys.stderr)
        conn.request("POST", PREFIX + "/init/error", json.dumps(doc).encode(),
                     {"Lambda-Runtime-Function-Error-Type": doc["errorType"]})
        sys.exit(1)
    dumps = json.dumps
    status, headers, body = conn.request("GET", PREFIX + "/invocation/next")
    while True:
        if status != 200:
            sys.exit(0)
        request_id = headers.get("lambda-runtime-aws-request-id", "")
        os.environ["_X_AMZN_TRACE_ID"] = headers.get("lambda-runtime-trace-id", "")
        context = Context(request_id, int(headers.get("lambda-runtime-deadline-ms", "0")),
                          headers.get("lambda-runtime-invoked-function-arn", ""),
                          os.environ["_X_AMZN_TRACE_ID"])
        identity = json_header(headers, "lambda-runtime-cognito-identity")
        context.identity = CognitoIdentity(identity) if identity is not None else None
        client_context = json_header(headers, "lambda-runtime-client-context")
        context.client_context = ClientContext(client_context) if client_context else None
        try:
            result = handler(json.loads(body) if body else None, context)
            out = dumps(result).encode()
        except Exception as exc:  # noqa: BLE001 - the handler's error goes back to gw
            doc = error_doc(exc)
            doc["requestId"] = request_id
            print("[ERROR] %s: %s" % (doc["errorType"], doc["errorMessage"]), file=sys.stderr)
            status, headers, body = conn.post_then_next(
                PREFIX + "/invocation/" + request_id + "/error", dumps(doc).encode(),
                {"Lambda-Runtime-Function-Error-Type": "Unhandled"})
            continue
        status, headers, body = conn.post_then_next(
            PREFIX + "/invocation/" + request_id + "/response", out)


if __name__ == "__main__":
    try:
        main()
    except (ConnectionError, OSError):
        sys.exit(0)  # gw went away
