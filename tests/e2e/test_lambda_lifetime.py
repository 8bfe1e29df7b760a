"""End-to-end: Lambda workers and what they detach die with gw (issue 16 item 14)."""
import os
import signal
import threading

from gwtest import GwTestCase, SOURCE_DIR, poll

API = os.path.join(SOURCE_DIR, "fixtures", "lambda", "lifetime", "api.yaml")


def gone(pid):
    """True once pid no longer runs (a zombie counts as gone: its parent may not reap it)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


class LifetimeTest(GwTestCase):
    def start(self, busy_seconds, route="/detach"):
        out = self.tmpdir()
        os.environ["LIFETIME_DIR"] = out
        server = self.serve(API, "--no-watch", "--state-dir", self.tmpdir())
        path = "%s?s=%d" % (route, busy_seconds)
        threading.Thread(target=lambda: self._quiet(server, path), daemon=True).start()
        pids = os.path.join(out, "pids")
        poll(lambda: os.path.exists(pids), what="the handler to record its pids")
        with open(pids) as f:
            worker, child = (int(p) for p in f.read().split())
        self.addCleanup(self._kill, worker, child)
        self.assertFalse(gone(worker))
        self.assertFalse(gone(child))
        return server, worker, child

    @staticmethod
    def _quiet(server, path):
        try:
            server.request("GET", path)
        except OSError:
            pass  # gw was stopped mid-request

    @staticmethod
    def _kill(*pids):
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def test_kill_9_of_gw_kills_a_busy_worker(self):
        server, worker, _ = self.start(busy_seconds=300)
        server.proc.kill()
        server.proc.wait(10)
        poll(lambda: gone(worker), what="worker %d to die with gw" % worker)

    def test_a_clean_stop_kills_what_a_handler_detached_with_setsid(self):
        server, worker, child = self.start(busy_seconds=0)
        self.assertEqual(server.terminate(), 0)
        poll(lambda: gone(worker), what="worker %d to stop" % worker)
        poll(lambda: gone(child), what="setsid child %d to die at stop" % child)

    def test_a_worker_killed_at_its_timeout_takes_its_setsid_child_along(self):
        server, worker, child = self.start(busy_seconds=30, route="/short")
        poll(lambda: gone(worker), what="worker %d to be killed at its 1 s timeout" % worker)
        poll(lambda: gone(child), what="setsid child %d to die with its worker" % child)
        self.assertIsNone(server.proc.poll())
