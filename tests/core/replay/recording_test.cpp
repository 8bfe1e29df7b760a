#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/replay/har.h"
#include "core/replay/recording.h"

using namespace gw;
using namespace gw::replay;

namespace {

Recorded sample() {
  Recorded r;
  r.id = "ex-1";
  r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764105023123));
  r.api = "Petstore";
  r.stage = "dev";
  r.route = "GET /pets/{petId}";
  r.request.method = "GET";
  r.request.path = "/dev/pets/1";
  r.request.query = "a=1&a=2";
  r.request.headers.add("Accept", "application/json");
  r.request.headers.add("X-Multi", "one");
  r.request.headers.add("X-Multi", "two");
  r.request.source_ip = "10.0.0.7";
  IntegrationCall c;
  c.kind = "http";
  c.target = "GET http://b.test/pets/1";
  c.request.method = "GET";
  c.request.url = "http://b.test/pets/1";
  c.status = 200;
  c.response.status = 200;
  c.response.body = std::string("\x00\xff\x10", 3);  // binary: base64 in the file
  c.latency_ms = 3;
  r.integrations.push_back(c);
  IntegrationCall timeout;
  timeout.kind = "lambda";
  timeout.target = "Fn";
  timeout.error = "timed out";
  timeout.error_kind = ErrorKind::Timeout;
  r.integrations.push_back(timeout);
  r.response.status = 200;
  r.response.headers.add("Content-Type", "application/json");
  r.response.body = R"({"id":1})";
  return r;
}

std::string temp_file(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / "gw-replay-tests";
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

}  // namespace

TEST_SUITE("gw::replay::recording") {
  TEST_CASE("an exchange survives a round trip through one JSON line") {
    const std::string line = to_line(sample());
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.starts_with(R"({"v":1,"id":"ex-1","time":"2025-11-25T21:10:23.123Z")"));
    CHECK(line.find(R"("bodyEncoding":"base64")") != std::string::npos);
    CHECK(line.find(R"("X-Multi":["one","two"])") != std::string::npos);
    auto back = parse_line(line);
    REQUIRE(back);
    CHECK(back->id == "ex-1");
    CHECK(back->time == sample().time);
    CHECK(back->route == "GET /pets/{petId}");
    CHECK(back->request.query == "a=1&a=2");
    CHECK(back->request.source_ip == "10.0.0.7");
    CHECK(back->request.headers.get_all("x-multi").size() == 2);
    REQUIRE(back->integrations.size() == 2);
    CHECK(back->integrations[0].response.body == std::string("\x00\xff\x10", 3));
    CHECK(back->integrations[1].error == "timed out");
    CHECK(back->integrations[1].error_kind == ErrorKind::Timeout);
    CHECK(back->response.body == R"({"id":1})");
    CHECK(to_line(*back) == line);
  }

  TEST_CASE("an unknown format version is rejected with a clear message") {
    std::string line = to_line(sample());
    line.replace(line.find(R"("v":1)"), 5, R"("v":2)");
    auto r = parse_line(line);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "unsupported recording format version 2 (this gw reads 1)");
  }

  TEST_CASE("bad lines are positioned file:line and skipped; good lines still load") {
    std::string v2 = to_line(sample());
    v2.replace(v2.find(R"("v":1)"), 5, R"("v":2)");
    const std::string path =
        temp_file("mixed.jsonl", to_line(sample()) + "\n{not json\n\n" + v2 + "\n");
    auto f = load_file(path);
    REQUIRE(f);
    CHECK(f->entries.size() == 1);
    CHECK(f->entries[0].line == 1);
    REQUIRE(f->errors.size() == 2);
    CHECK(f->errors[0].str() == path + ":2:1: not a JSON object");
    CHECK(f->errors[1].str().starts_with(path + ":4:1: unsupported recording format version 2"));
  }

  TEST_CASE("HAR 1.2 entries become exchanges") {
    const std::string har = R"({"log":{"version":"1.2","entries":[
      {"startedDateTime":"2025-11-25T22:10:23.500+01:00",
       "request":{"method":"post","url":"https://abc.execute-api.test/prod/pets?x=1#f",
                  "headers":[{"name":":authority","value":"abc"},{"name":"Content-Type","value":"application/json"}],
                  "postData":{"mimeType":"application/json","text":"{\"a\":1}"}},
       "response":{"status":201,"headers":[{"name":"Via","value":"cdn"}],
                   "content":{"size":2,"text":"aGk=","encoding":"base64"}}},
      {"request":{}}]}})";
    auto f = load_har("x.har", har);
    REQUIRE(f);
    REQUIRE(f->entries.size() == 1);
    const Recorded& r = f->entries[0].exchange;
    CHECK(r.from_har);
    CHECK(r.id == "har-1");
    CHECK(r.request.method == "POST");
    CHECK(r.request.path == "/prod/pets");
    CHECK(r.request.query == "x=1");
    CHECK(r.request.headers.size() == 1);
    CHECK(r.request.body == R"({"a":1})");
    CHECK(r.response.status == 201);
    CHECK(r.response.body == "hi");
    CHECK(r.time == std::chrono::system_clock::time_point(std::chrono::milliseconds(1764105023500)));
    REQUIRE(f->errors.size() == 1);
    CHECK(f->errors[0].message.starts_with("entry 2: "));
  }

  TEST_CASE("a folder expands to its recordings, sorted") {
    auto dir = std::filesystem::temp_directory_path() / "gw-replay-tests" / "folder";
    std::filesystem::create_directories(dir / "sub");
    std::ofstream(dir / "b.jsonl") << "";
    std::ofstream(dir / "sub" / "a.har") << "";
    std::ofstream(dir / "notes.txt") << "";
    auto files = expand_path(dir.string());
    REQUIRE(files);
    REQUIRE(files->size() == 2);
    CHECK((*files)[0].ends_with("b.jsonl"));
    CHECK((*files)[1].ends_with("sub/a.har"));
    CHECK_FALSE(expand_path((dir / "missing").string()));
  }

  TEST_CASE("valid UTF-8 stays text, anything else is binary") {
    CHECK(is_valid_utf8("héllo ✓"));
    CHECK_FALSE(is_valid_utf8(std::string("a\0b", 3)));
    CHECK_FALSE(is_valid_utf8("\xc3"));
    CHECK_FALSE(is_valid_utf8("\xff\xfe"));
  }
}
