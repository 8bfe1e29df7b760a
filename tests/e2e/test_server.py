"""The transport of `gw serve`, byte for byte on raw sockets: framing (RFC 9112 §6), API
Gateway's limits (AWS_BEHAVIOUR.md fact 67), pipelining, connections that never finish, stopping."""
import signal
import socket
import time
import unittest

from gwtest import PETSTORE, GwTestCase, poll


def raw(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s


_LEFTOVER = {}


def read_answer(sock):
    """One answer (head + Content-Length body) as (status, head, body); (0, '', '') on EOF.
    Bytes of the next answers (pipelining) are kept for the next call."""
    data = _LEFTOVER.pop(sock.fileno(), b"")
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0, "", ""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    text = head.decode("latin-1")
    length = 0
    for line in text.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    _LEFTOVER[sock.fileno()] = rest[length:]
    return int(text[9:12]), text, rest[:length].decode("utf-8", "replace")


def closed(sock):
    sock.settimeout(10)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


class ServerFramingTest(GwTestCase):
    def setUp(self):
        self.server = self.serve(PETSTORE, "--no-watch")

    def test_pipelined_requests_are_answered_in_order(self):
        s = raw(self.server.port)
        s.sendall(b"GET /dev/pets/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /dev/nope HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /dev/pets HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual([read_answer(s)[0] for _ in range(3)], [200, 403, 200])
        s.close()

    def test_content_length_with_transfer_encoding_is_400_and_closed(self):
        s = raw(self.server.port)
        s.sendall(b"POST /dev/pets HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        status, _, body = read_answer(s)
        self.assertEqual(status, 400)
        self.assertEqual(body, '{"message":"Bad Request"}')
        self.assertTrue(closed(s))
        # and the access log has a line for it
        poll(lambda: self.server.stdout.find(r"POST\s+/dev/pets\s+400"), what="log line")

    def test_non_numeric_content_length_is_400(self):
        s = raw(self.server.port)
        s.sendall(b"POST /dev/pets HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n")
        self.assertEqual(read_answer(s)[0], 400)
        self.assertTrue(closed(s))

    def test_header_values_over_10240_bytes_are_431(self):
        s = raw(self.server.port)
        s.sendall(b"GET /dev/pets HTTP/1.1\r\nHost: x\r\nCookie: " + b"a" * 10300 + b"\r\n\r\n")
        status, _, body = read_answer(s)
        self.assertEqual(status, 431)
        self.assertEqual(body, '{"message":"HTTP header is larger than 10240 bytes."}')

    def test_body_over_10_mb_is_413_before_it_is_sent(self):
        s = raw(self.server.port)
        s.sendall(b"POST /dev/pets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 10485761\r\n\r\n")
        status, head, body = read_answer(s)  # not one body byte was sent
        self.assertEqual(status, 413)
        self.assertEqual(body, '{"message":"Request Too Long"}')
        self.assertIn("x-amzn-ErrorType: RequestTooLargeException", head)

    def test_post_without_length_has_an_empty_body(self):
        s = raw(self.server.port)
        s.sendall(b"POST /dev/pets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n")
        status, _, _ = read_answer(s)
        self.assertNotEqual(status, 0)
        self.assertLess(status, 500)

    def test_idle_and_slowloris_connections_do_not_delay_a_new_client(self):
        held = []
        try:
            for i in range(300):
                c = raw(self.server.port)
                if i % 3 == 0:
                    c.sendall(b"GET /dev/pets HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                held.append(c)
            start = time.monotonic()
            status, _, _ = self.server.request("GET", "/dev/pets")
            self.assertEqual(status, 200)
            self.assertLess(time.monotonic() - start, 5)  # a bound, not a measurement
        finally:
            for c in held:
                c.close()


class ServerStopTest(GwTestCase):
    def test_sigterm_with_idle_connections_exits_0_at_once(self):
        server = self.serve(PETSTORE, "--no-watch")
        idle = [raw(server.port) for _ in range(20)]
        s = raw(server.port)
        s.sendall(b"GET /dev/pets HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(read_answer(s)[0], 200)  # a keep-alive connection, now idle
        start = time.monotonic()
        self.assertEqual(server.terminate(signal.SIGTERM), 0)
        self.assertLess(time.monotonic() - start, 2.5)
        for c in idle + [s]:
            c.close()

    def test_host_all_interfaces_warns_that_the_api_is_reachable(self):
        server = self.serve(PETSTORE, "--no-watch", "--host", "0.0.0.0")
        poll(lambda: server.stderr.find(r"reachable from the network"), what="warning")
        self.assertEqual(server.request("GET", "/dev/pets")[0], 200)


if __name__ == "__main__":
    unittest.main()
