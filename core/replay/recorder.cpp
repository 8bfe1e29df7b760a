#include "core/replay/recorder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "core/base/strings.h"
#include "core/replay/json_io.h"

namespace gw::replay {

namespace {

struct ThreadEngine {
  std::mt19937_64 engine;
  bool active = false;
};

ThreadEngine& thread_engine() {
  thread_local ThreadEngine e;
  return e;
}

}  // namespace

uint64_t ThreadSeededRandom::next() {
  ThreadEngine& e = thread_engine();
  return e.active ? e.engine() : fallback_.next();
}

void ThreadSeededRandom::set_thread_seed(uint64_t seed) {
  ThreadEngine& e = thread_engine();
  e.engine.seed(seed);
  e.active = true;
}

void ThreadSeededRandom::clear_thread_seed() { thread_engine().active = false; }

Redactor::Redactor(const std::vector<std::string>& extra) {
  for (std::string_view n : {"authorization", "x-api-key", "cookie", "set-cookie"}) {
    names_.emplace(n);
  }
  for (const std::string& n : extra) {
    names_.insert(to_lower(n));
  }
}

bool Redactor::sensitive(std::string_view name) const { return names_.contains(to_lower(name)); }

void Redactor::mask(Headers& headers) const {
  Headers out;
  for (const auto& [name, value] : headers) {
    out.add(name, sensitive(name) ? std::string(kMask) : value);
  }
  headers = std::move(out);
}

std::string Redactor::mask_event(const std::string& body) const {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return body;
  }
  bool changed = false;
  for (const char* key : {"headers", "multiValueHeaders"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_object()) {
      continue;
    }
    for (auto& [name, value] : it->items()) {
      if (!sensitive(name)) {
        continue;
      }
      value = value.is_array() ? Json::array({std::string(kMask)}) : Json(std::string(kMask));
      changed = true;
    }
  }
  if (auto it = j.find("cookies"); it != j.end() && it->is_array() && sensitive("cookie")) {
    *it = Json::array({std::string(kMask)});
    changed = true;
  }
  return changed ? j.dump(-1, ' ', false, Json::error_handler_t::replace) : body;
}

void Redactor::apply(Recorded& exchange) const {
  mask(exchange.request.headers);
  mask(exchange.response.headers);
  for (IntegrationCall& call : exchange.integrations) {
    mask(call.request.headers);
    mask(call.response.headers);
    if (call.kind == "lambda") {
      call.request.body = mask_event(call.request.body);
    }
  }
}

Recorder::Recorder(RecorderOptions options, std::FILE* file, Random& fallback)
    : options_(std::move(options)),
      file_(file),
      ids_(fallback),
      random_(fallback),
      redactor_(options_.redact_headers) {}

Result<std::unique_ptr<Recorder>> Recorder::open(RecorderOptions options, Random& fallback) {
  // 0600: a recording holds requests and answers, credentials included unless --redact.
  const int fd = ::open(options.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  std::FILE* f = fd < 0 ? nullptr : ::fdopen(fd, "ab");
  if (f == nullptr && fd >= 0) {
    ::close(fd);
  }
  if (f == nullptr) {
    return fail(ErrorKind::Environment,
                "cannot open '" + options.path + "' for recording: " + std::strerror(errno));
  }
  return std::unique_ptr<Recorder>(new Recorder(std::move(options), f, fallback));
}

Recorder::~Recorder() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

Recorded make_recorded(const Gateway& gateway, std::string id, const Request& request,
                       const Response& response, RequestLog& log) {
  Recorded r;
  r.id = std::move(id);
  r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(log.request_time_epoch));
  r.api = gateway.api().title;
  r.stage = log.stage;
  r.route = log.resource_path.empty() || log.resource_path.find(' ') != std::string::npos
                ? log.resource_path
                : log.method + " " + log.resource_path;
  r.request = request;
  r.integrations = std::move(log.calls);
  r.response = response;
  r.canary = log.canary;
  r.canary_deployment_id = log.canary ? log.deployment_id : std::string();
  return r;
}

Response Recorder::handle(const Gateway& gateway, const Request& request, RequestLog* log) {
  RequestLog local;
  RequestLog& l = log != nullptr ? *log : local;
  std::string id = make_uuid(ids_);
  ThreadSeededRandom::set_thread_seed(seed_for(id));
  Response response = gateway.handle(request, &l);
  ThreadSeededRandom::clear_thread_seed();
  Recorded r = make_recorded(gateway, std::move(id), request, response, l);
  if (options_.redact) {
    redactor_.apply(r);
  }
  write(r);
  return response;
}

void Recorder::write(const Recorded& exchange) {
  std::string line = to_line(exchange);
  line.push_back('\n');
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
  ++written_;
}

size_t Recorder::written() const {
  std::lock_guard lock(mu_);
  return written_;
}

}  // namespace gw::replay
