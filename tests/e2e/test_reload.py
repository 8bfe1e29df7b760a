"""gw serve's hot reload: an edit goes live, a broken edit keeps the last good version."""
import os
import shutil
import unittest

from gwtest import PETSTORE, GwTestCase, poll


class HotReloadTest(GwTestCase):
    def test_edit_then_broken_edit(self):
        spec = os.path.join(self.tmpdir(), "api.yaml")
        shutil.copy(PETSTORE, spec)
        server = self.serve(spec)
        status, _, body = server.request("GET", "/dev/pets")
        self.assertEqual(status, 200)
        self.assertIn("doggie", body)

        with open(spec) as f:
            text = f.read()
        with open(spec, "w") as f:
            f.write(text.replace("doggie", "rexthedog"))

        def new_body():
            _, _, b = server.request("GET", "/dev/pets")
            return "rexthedog" in b
        poll(new_body, what="the edited response")
        poll(lambda: server.stdout.find(r"^reloaded: 4 routes$"), what="reload message")

        with open(spec, "w") as f:
            f.write(text.replace("doggie", "rexthedog") + "\npaths: [unclosed\n")
        poll(lambda: server.stderr.find(r"^gw: error: "), what="the reload error")
        # The note is the error's next line: the reader thread may not have taken it yet (seen
        # under ASan), so wait for it as well.
        poll(lambda: server.stderr.find(r"still serving the last good version"),
             what="the 'still serving' note")
        status, _, body = server.request("GET", "/dev/pets")
        self.assertEqual(status, 200)
        self.assertIn("rexthedog", body)

        # A fixed edit is picked up again.
        with open(spec, "w") as f:
            f.write(text.replace("doggie", "fixedagain"))
        poll(lambda: "fixedagain" in server.request("GET", "/dev/pets")[2], what="the fix")

    def test_no_watch_ignores_edits(self):
        spec = os.path.join(self.tmpdir(), "api.yaml")
        shutil.copy(PETSTORE, spec)
        frozen = self.serve(spec, "--no-watch")
        watching = self.serve(spec)
        with open(spec) as f:
            text = f.read()
        with open(spec, "w") as f:
            f.write(text.replace("doggie", "changed"))
        # The watching server reloading proves the poll interval has passed.
        poll(lambda: watching.stdout.find(r"^reloaded: "), what="the watching server")
        self.assertIn("changed", watching.request("GET", "/dev/pets")[2])
        self.assertIn("doggie", frozen.request("GET", "/dev/pets")[2])
        self.assertIsNone(frozen.stdout.find("reloaded"))

if __name__ == "__main__":
    unittest.main()
