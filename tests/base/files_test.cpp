#include "core/base/files.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include <filesystem>
#include <string>
#include <thread>

namespace fs = std::filesystem;

namespace {

/// A fresh directory under the system's temporary directory, removed at the end.
struct TempDir {
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gw-files-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string path;
};

size_t entries(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_SUITE("gw::files") {
  TEST_CASE("write_all: more than a pipe holds arrives whole; a pipe no one reads is false") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const std::string big(300000, 'y');  // several times a pipe's buffer: short writes happen
    std::string got;
    std::thread reader([&] {
      char buf[8192];
      ssize_t n;
      while ((n = ::read(fds[0], buf, sizeof buf)) > 0) {
        got.append(buf, static_cast<size_t>(n));
      }
    });
    CHECK(gw::files::write_all(fds[1], big));
    ::close(fds[1]);
    reader.join();
    CHECK(got == big);
    ::close(fds[0]);

    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    CHECK_FALSE(gw::files::write_all(fds[1], "x"));
    CHECK(errno == EPIPE);
    ::close(fds[1]);
  }

  TEST_CASE("read: the whole file, or an error that names it") {
    TempDir d;
    const std::string p = d.path + "/a.txt";
    REQUIRE(gw::files::write_atomically(p, std::string(200000, 'x')));
    auto text = gw::files::read(p);
    REQUIRE(text);
    CHECK(text->size() == 200000);
    auto missing = gw::files::read(d.path + "/none");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == gw::ErrorKind::Environment);
    CHECK(missing.error().message == "cannot read " + d.path + "/none: No such file or directory");
  }

  TEST_CASE("write_atomically: creates parents, replaces, sets the mode, leaves no temporary") {
    TempDir d;
    const std::string p = d.path + "/state/stages/prod.json";
    REQUIRE(gw::files::write_atomically(p, "one", 0600));
    REQUIRE(gw::files::write_atomically(p, "two", 0600));
    CHECK(*gw::files::read(p) == "two");
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(entries(d.path + "/state/stages") == 1);
  }

  TEST_CASE("write_atomically: concurrent writers never share a temporary file") {
    // Regression: gw deploy wrote every record through `<file>.tmp`, so two writers at once
    // interleaved into one temporary and renamed a mix of both (issue 16, data loss).
    TempDir d;
    const std::string p = d.path + "/record.json";
    const std::string a(50000, 'a');
    const std::string b(50000, 'b');
    auto writer = [&](const std::string& text) {
      for (int i = 0; i < 100; ++i) {
        REQUIRE(gw::files::write_atomically(p, text));
      }
    };
    std::thread t1(writer, a);
    std::thread t2(writer, b);
    for (int i = 0; i < 100; ++i) {
      auto now = gw::files::read(p);
      if (now) {  // absent only before the first rename
        CHECK((*now == a || *now == b));
      }
    }
    t1.join();
    t2.join();
    CHECK(entries(d.path) == 1);
  }

  TEST_CASE("write_atomically: an unwritable place is an Environment error naming the file") {
    auto r = gw::files::write_atomically("/proc/gw-no-such-dir/x.json", "x");
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == gw::ErrorKind::Environment);
    CHECK(r.error().message.starts_with("cannot write /proc/gw-no-such-dir/x.json: "));
  }

  TEST_CASE("FileLock: another process is refused and told who holds it, until it is released") {
    TempDir d;
    const std::string p = d.path + "/serve.lock";
    // A child probes (fcntl locks are per process: this one would always get its own).
    auto child_probe = [&p]() {
      const pid_t child = ::fork();
      if (child == 0) {
        pid_t holder = 0;
        auto r = gw::files::FileLock::try_acquire(p, &holder);
        _exit(r ? 0 : holder == ::getppid() ? 10 : 11);
      }
      int status = 0;
      ::waitpid(child, &status, 0);
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    {
      auto held = gw::files::FileLock::try_acquire(p);
      REQUIRE(held);
      CHECK(child_probe() == 10);  // refused, holder named
      auto moved = std::move(*held);
      CHECK(child_probe() == 10);  // a moved lock is still held
    }
    CHECK(child_probe() == 0);  // released with the object
    auto again = gw::files::FileLock::acquire(p);
    CHECK(again);
  }
}
