#include "core/replay/recording.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/base/clock.h"
#include "core/replay/har.h"
#include "core/replay/json_io.h"

namespace gw::replay {

Json call_to_json(const IntegrationCall& c) {
  Json req = Json::object();
  req["method"] = c.request.method;
  req["url"] = c.request.url;
  req["headers"] = headers_to_json(c.request.headers);
  put_body(req, c.request.body);
  Json out = Json::object();
  out["kind"] = c.kind;
  out["target"] = c.target;
  out["request"] = std::move(req);
  if (c.error.empty()) {
    Json res = response_to_json(c.response);
    res["status"] = c.status;
    out["response"] = std::move(res);
  } else {
    out["error"] = c.error;
    out["errorKind"] = c.error_kind == ErrorKind::Timeout ? "timeout" : "failure";
  }
  out["latencyMs"] = static_cast<int64_t>(c.latency_ms);
  if (c.cached) {
    out["cached"] = true;
  }
  return out;
}

Json response_to_json(const Response& r) {
  Json res = Json::object();
  res["status"] = r.status;
  res["headers"] = headers_to_json(r.headers);
  put_body(res, r.body);
  return res;
}

namespace {

Result<Response> response_from_json(const Json& j) {
  if (!j.is_object()) {
    return fail(ErrorKind::BadInput, "'response' must be an object");
  }
  Response r;
  auto status = j.find("status");
  if (status == j.end() || !status->is_number_integer()) {
    return fail(ErrorKind::BadInput, "'response.status' must be an integer");
  }
  r.status = status->get<int>();
  auto headers = headers_from_json(j.value("headers", Json()));
  GW_TRY(headers);
  r.headers = std::move(*headers);
  auto body = get_body(j);
  GW_TRY(body);
  r.body = std::move(*body);
  return r;
}

Result<IntegrationCall> call_from_json(const Json& j) {
  if (!j.is_object()) {
    return fail(ErrorKind::BadInput, "an integration call must be an object");
  }
  IntegrationCall c;
  c.kind = str_field(j, "kind");
  c.target = str_field(j, "target");
  const Json req = j.value("request", Json::object());
  c.request.method = str_field(req, "method");
  c.request.url = str_field(req, "url");
  auto headers = headers_from_json(req.value("headers", Json()));
  GW_TRY(headers);
  c.request.headers = std::move(*headers);
  auto body = get_body(req);
  GW_TRY(body);
  c.request.body = std::move(*body);
  if (j.contains("response") && !j["response"].is_null()) {
    auto res = response_from_json(j["response"]);
    GW_TRY(res);
    c.status = res->status;
    c.response = std::move(*res);
  } else {
    c.error = str_field(j, "error");
    c.error = c.error.empty() ? "no response recorded" : c.error;
    c.error_kind = str_field(j, "errorKind") == "timeout" ? ErrorKind::Timeout
                                                          : ErrorKind::Failure;
  }
  if (auto it = j.find("latencyMs"); it != j.end() && it->is_number()) {
    c.latency_ms = it->get<double>();
  }
  if (auto it = j.find("cached"); it != j.end() && it->is_boolean()) {
    c.cached = it->get<bool>();
  }
  return c;
}

Result<Request> request_from_json(const Json& j) {
  if (!j.is_object()) {
    return fail(ErrorKind::BadInput, "'request' must be an object");
  }
  Request r;
  r.method = str_field(j, "method");
  r.path = str_field(j, "path");
  if (r.method.empty() || r.path.empty()) {
    return fail(ErrorKind::BadInput, "'request' needs a method and a path");
  }
  r.query = str_field(j, "query");
  auto headers = headers_from_json(j.value("headers", Json()));
  GW_TRY(headers);
  r.headers = std::move(*headers);
  auto body = get_body(j);
  GW_TRY(body);
  r.body = std::move(*body);
  std::string ip = str_field(j, "sourceIp");
  if (!ip.empty()) {
    r.source_ip = std::move(ip);
  }
  return r;
}

Result<Recorded> recorded_from_json(const Json& j) {
  Recorded out;
  out.id = str_field(j, "id");
  if (out.id.empty()) {
    return fail(ErrorKind::BadInput, "the exchange has no 'id'");
  }
  auto time = parse_iso8601(str_field(j, "time"));
  if (!time) {
    return fail(ErrorKind::BadInput, "'time' must be an ISO 8601 time (2026-11-25T21:10:23.123Z)");
  }
  out.time = *time;
  out.api = str_field(j, "api");
  out.stage = str_field(j, "stage");
  out.route = str_field(j, "route");
  const auto canary = j.find("canary");
  out.canary = canary != j.end() && canary->is_boolean() && canary->get<bool>();
  out.canary_deployment_id = out.canary ? str_field(j, "deploymentId") : std::string();
  auto request = request_from_json(j.value("request", Json()));
  GW_TRY(request);
  out.request = std::move(*request);
  const Json calls = j.value("integrations", Json::array());
  if (!calls.is_array()) {
    return fail(ErrorKind::BadInput, "'integrations' must be a list");
  }
  for (const Json& c : calls) {
    auto call = call_from_json(c);
    GW_TRY(call);
    out.integrations.push_back(std::move(*call));
  }
  auto response = response_from_json(j.value("response", Json()));
  GW_TRY(response);
  out.response = std::move(*response);
  return out;
}

// A JSON document (not JSON Lines) with a "log" object: a HAR file under another name.
bool is_har_document(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') {
    return false;
  }
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return !j.is_discarded() && j.is_object() && j.contains("log") && !j.contains("v");
}

}  // namespace

std::string to_line(const Recorded& e) {
  Json j = Json::object();
  j["v"] = kFormatVersion;
  j["id"] = e.id;
  j["time"] = format_iso8601(e.time);
  j["api"] = e.api;
  j["stage"] = e.stage;
  j["route"] = e.route;
  if (e.canary) {
    j["canary"] = true;
    j["deploymentId"] = e.canary_deployment_id;
  }
  Json req = Json::object();
  req["method"] = e.request.method;
  req["path"] = e.request.path;
  req["query"] = e.request.query;
  req["headers"] = headers_to_json(e.request.headers);
  put_body(req, e.request.body);
  req["sourceIp"] = e.request.source_ip;
  j["request"] = std::move(req);
  Json calls = Json::array();
  for (const IntegrationCall& c : e.integrations) {
    calls.push_back(call_to_json(c));
  }
  j["integrations"] = std::move(calls);
  j["response"] = response_to_json(e.response);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Recorded> parse_line(std::string_view line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorKind::BadInput, "not a JSON object", {},
                "each line of a recording is one exchange as a JSON object");
  }
  auto v = j.find("v");
  if (v == j.end() || !v->is_number_integer()) {
    return fail(ErrorKind::BadInput, "the exchange has no format version \"v\"");
  }
  if (v->get<int64_t>() != kFormatVersion) {
    return fail(ErrorKind::BadInput,
                "unsupported recording format version " + v->dump() + " (this gw reads " +
                    std::to_string(kFormatVersion) + ")",
                {}, "re-record with this gw, or use the gw version that wrote the file");
  }
  try {
    return recorded_from_json(j);
  } catch (const std::exception& e) {  // nlohmann type errors on odd shapes
    return fail(ErrorKind::BadInput, std::string("malformed exchange: ") + e.what());
  }
}

Result<LoadedFile> load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::BadInput, "cannot read recording '" + path + "'");
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  if (path.ends_with(".har") || is_har_document(all)) {
    return load_har(path, all);
  }
  LoadedFile out;
  out.path = path;
  size_t start = 0;
  for (size_t n = 1; start < all.size(); ++n) {
    size_t end = all.find('\n', start);
    end = end == std::string::npos ? all.size() : end;
    std::string_view line(all.data() + start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      continue;
    }
    auto rec = parse_line(line);
    if (!rec) {
      Error e = rec.error();
      e.where = SourceLoc{std::make_shared<const std::string>(path), static_cast<uint32_t>(n), 1};
      out.errors.push_back(std::move(e));
      continue;
    }
    out.entries.push_back(Entry{path, n, std::move(*rec)});
  }
  return out;
}

Result<std::vector<std::string>> expand_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return fail(ErrorKind::BadInput, "no such recording file or folder '" + path + "'");
  }
  if (!fs::is_directory(path, ec)) {
    return std::vector<std::string>{path};
  }
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const std::string p = it->path().string();
    if (it->is_regular_file() && (p.ends_with(".jsonl") || p.ends_with(".har"))) {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

uint64_t seed_for(std::string_view id) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) {
      return false;  // NUL is legal UTF-8 but a sure sign of binary
    }
    size_t extra = 0;
    if (c >= 0x80) {
      if ((c >> 5) == 0x6) {
        extra = 1;
      } else if ((c >> 4) == 0xE) {
        extra = 2;
      } else if ((c >> 3) == 0x1E) {
        extra = 3;
      } else {
        return false;
      }
    }
    for (size_t k = 1; k <= extra; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) {
        return false;
      }
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace gw::replay
