#include "core/replay/har.h"

#include <memory>

#include "core/base/strings.h"
#include "core/base/base64.h"
#include "core/replay/json_io.h"

namespace gw::replay {

namespace {

Headers har_headers(const Json& list) {
  Headers h;
  if (!list.is_array()) {
    return h;
  }
  for (const Json& item : list) {
    std::string name = str_field(item, "name");
    // HTTP/2 pseudo-headers (":authority") are not headers of the request itself.
    if (!name.empty() && name.front() != ':') {
      h.add(std::move(name), str_field(item, "value"));
    }
  }
  return h;
}

// "https://host:port/a/b?x=1#frag" -> ("/a/b", "x=1").
std::pair<std::string, std::string> split_url(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    size_t path = url.find_first_of("/?#", scheme + 3);
    url = path == std::string_view::npos ? "/" : url.substr(path);
  }
  url = url.substr(0, url.find('#'));
  size_t q = url.find('?');
  std::string path(url.substr(0, q));
  if (path.empty() || path.front() != '/') {
    path.insert(path.begin(), '/');
  }
  return {path, q == std::string_view::npos ? "" : std::string(url.substr(q + 1))};
}

Result<Recorded> har_entry(const Json& entry, size_t index) {
  if (!entry.is_object() || !entry.contains("request") || !entry.contains("response")) {
    return fail(ErrorKind::BadInput, "a HAR entry needs 'request' and 'response'");
  }
  const Json& req = entry["request"];
  const Json& res = entry["response"];
  Recorded out;
  out.from_har = true;
  out.id = "har-" + std::to_string(index + 1);
  auto time = parse_iso8601(str_field(entry, "startedDateTime"));
  if (!time) {
    return fail(ErrorKind::BadInput, "'startedDateTime' is not an ISO 8601 time");
  }
  out.time = *time;
  out.request.method = to_upper(str_field(req, "method"));
  auto [path, query] = split_url(str_field(req, "url"));
  out.request.path = std::move(path);
  out.request.query = std::move(query);
  out.request.headers = har_headers(req.value("headers", Json()));
  if (req.contains("postData") && req["postData"].is_object()) {
    out.request.body = str_field(req["postData"], "text");
  }
  if (out.request.method.empty()) {
    return fail(ErrorKind::BadInput, "the request has no method");
  }
  if (!res.contains("status") || !res["status"].is_number_integer()) {
    return fail(ErrorKind::BadInput, "'response.status' must be an integer");
  }
  out.response.status = res["status"].get<int>();
  out.response.headers = har_headers(res.value("headers", Json()));
  const Json content = res.value("content", Json::object());
  std::string body = str_field(content, "text");
  if (str_field(content, "encoding") == "base64") {
    auto bytes = base64_decode(body);
    if (!bytes) {
      return fail(ErrorKind::BadInput, "'response.content.text' is not valid base64");
    }
    body = std::move(*bytes);
  }
  out.response.body = std::move(body);
  return out;
}

}  // namespace

Result<LoadedFile> load_har(const std::string& path, std::string_view text) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("log") ||
      !doc["log"].is_object() || !doc["log"].contains("entries") ||
      !doc["log"]["entries"].is_array()) {
    return fail(ErrorKind::BadInput, path + ": not a HAR file (no log.entries list)", {},
                "export the network log as HAR 1.2, or pass a JSON Lines recording");
  }
  LoadedFile out;
  out.path = path;
  out.har = true;
  const Json& entries = doc["log"]["entries"];
  for (size_t i = 0; i < entries.size(); ++i) {
    Result<Recorded> rec = [&]() -> Result<Recorded> {
      try {
        return har_entry(entries[i], i);
      } catch (const std::exception& e) {
        return fail(ErrorKind::BadInput, std::string("malformed HAR entry: ") + e.what());
      }
    }();
    if (!rec) {
      Error e = rec.error();
      e.message = "entry " + std::to_string(i + 1) + ": " + e.message;
      e.where = SourceLoc{std::make_shared<const std::string>(path), 0, 0};
      out.errors.push_back(std::move(e));
      continue;
    }
    out.entries.push_back(Entry{path, i + 1, std::move(*rec)});
  }
  return out;
}

}  // namespace gw::replay
