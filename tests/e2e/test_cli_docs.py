"""Every subcommand and long flag gw --help shows is in its man page and all three completions;
exit codes of the command line itself (DESIGN.md §7)."""
import os
import re
import unittest

from gwtest import SOURCE_DIR, GwTestCase, run_gw

FLAG_RE = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def read(*parts):
    with open(os.path.join(SOURCE_DIR, *parts)) as f:
        return f.read()


def man_text(name):
    # roff writes hyphens as \- ; compare against plain text.
    return read("man", name).replace("\\-", "-")


def subcommands(help_text):
    section = help_text.split("Subcommands:", 1)[1]
    return re.findall(r"(?m)^  ([a-z][a-z-]*)\s", section)


def long_flags(help_text):
    return sorted(set(FLAG_RE.findall(help_text)))


class CliDocsTest(GwTestCase):
    def setUp(self):
        out = run_gw("--help")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.top_help = out.stdout
        self.subs = subcommands(self.top_help)
        self.completions = {
            "bash": read("completions", "gw.bash"),
            "zsh": read("completions", "_gw"),
            "fish": read("completions", "gw.fish"),
        }

    def assert_in_completions(self, flag, context):
        name = flag[2:]
        for shell, text in self.completions.items():
            pattern = r"-l %s\b" % re.escape(name) if shell == "fish" else \
                r"(?<![\w-])--%s(?![\w-])" % re.escape(name)
            self.assertRegex(text, pattern, "%s %s missing from the %s completion"
                             % (context, flag, shell))

    def test_subcommands_found(self):
        self.assertLessEqual({"invoke", "routes", "serve"}, set(self.subs))

    def test_top_level_documented(self):
        page = man_text("gw.1")
        for sub in self.subs:
            self.assertIn(sub, page)
            self.assertIn("gw-%s" % sub, page)
            for shell, text in self.completions.items():
                self.assertRegex(text, r"\b%s\b" % sub, "%s missing from %s" % (sub, shell))
        for flag in long_flags(self.top_help):
            self.assertIn(flag, page)
            self.assert_in_completions(flag, "gw")

    def test_every_subcommand_flag_documented(self):
        for sub in self.subs:
            out = run_gw(sub, "--help")
            self.assertEqual(out.returncode, 0, out.stderr)
            flags = long_flags(out.stdout)
            self.assertIn("--help", flags)
            page = man_text("gw-%s.1" % sub)
            for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                            "EXAMPLES", "SEE ALSO"):
                self.assertIn(".SH %s" % section, page, "gw-%s.1" % sub)
            for flag in flags:
                with self.subTest(sub=sub, flag=flag):
                    self.assertRegex(page, r"(?<![\w-])%s(?![\w-])" % re.escape(flag),
                                     "%s missing from man/gw-%s.1" % (flag, sub))
                    self.assert_in_completions(flag, "gw " + sub)

    def test_completions_offer_spec_files(self):
        self.assertIn("yaml|yml|json", self.completions["bash"])
        self.assertIn("*.(yaml|yml|json)", self.completions["zsh"])
        for ext in (".yaml", ".yml", ".json"):
            self.assertIn(ext, self.completions["fish"])


class ExitCodesTest(GwTestCase):
    def test_version(self):
        out = run_gw("--version")
        self.assertEqual(out.returncode, 0)
        self.assertRegex(out.stdout, r"^gw \d+\.\d+\.\d+")

    def test_no_subcommand_is_2(self):
        self.assertEqual(run_gw().returncode, 2)

    def test_unknown_subcommand_suggests(self):
        out = run_gw("serv", "x.yaml")
        self.assertEqual(out.returncode, 2)
        self.assertIn("gw: error: unknown command 'serv'", out.stderr)
        self.assertIn("did you mean 'serve'?", out.stderr)

    def test_unknown_flag_is_2(self):
        out = run_gw("routes", "x.yaml", "--bogus")
        self.assertEqual(out.returncode, 2)
        self.assertIn("--bogus", out.stderr)

    def test_bad_port_is_2(self):
        self.assertEqual(run_gw("serve", "x.yaml", "--port", "70000").returncode, 2)


if __name__ == "__main__":
    unittest.main()
