#include "core/auth/jwks_source.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/auth/local_issuer.h"
#include "core/integrations/http_client.h"
#include "core/model/api.h"
#include "core/pipeline/exchange.h"

namespace gw::auth {

namespace fs = std::filesystem;

JwksSource::JwksSource(const model::Api& api, std::string location, std::string state_dir)
    : api_(api), location_(std::move(location)), state_dir_(std::move(state_dir)) {}

Result<std::string> JwksSource::fetch(pipeline::Exchange& ex, const std::string& url) const {
  if (ex.shared.http == nullptr) {
    return fail(ErrorKind::Environment, "no HTTP client to fetch " + url);
  }
  HttpCall call;
  call.method = "GET";
  call.url = url;
  call.timeout = std::chrono::milliseconds(1500);  // fact 58
  auto r = ex.shared.http->send(call);
  if (!r) {
    return fail(ErrorKind::Failure, "GET " + url + ": " + r.error().message);
  }
  if (r->status != 200) {
    return fail(ErrorKind::Failure, "GET " + url + " answered " + std::to_string(r->status));
  }
  return r->body;
}

Result<std::string> JwksSource::load_text(pipeline::Exchange& ex) const {
  std::string spec = api_.spec_path ? *api_.spec_path : std::string("./spec");
  if (location_ == "local") {
    auto key = load_dev_key(state_dir_.empty() ? model::state_dir_beside(spec) : state_dir_, false);
    GW_TRY(key);
    return dev_jwks_json(*key);
  }
  if (location_.starts_with("discover:")) {
    std::string issuer = location_.substr(9);
    while (issuer.ends_with("/")) {
      issuer.pop_back();
    }
    auto doc = fetch(ex, issuer + "/.well-known/openid-configuration");
    GW_TRY(doc);
    auto j = nlohmann::json::parse(*doc, nullptr, false);
    if (!j.is_object() || !j.contains("jwks_uri") || !j["jwks_uri"].is_string()) {
      return fail(ErrorKind::Failure, "the discovery document of " + issuer + " has no jwks_uri");
    }
    return fetch(ex, j["jwks_uri"].get<std::string>());
  }
  if (location_.starts_with("http://") || location_.starts_with("https://")) {
    return fetch(ex, location_);
  }
  fs::path file(location_);
  if (file.is_relative()) {
    file = fs::path(spec).parent_path() / file;
  }
  std::ifstream in(file);
  if (!in) {
    return fail(ErrorKind::Environment, "cannot read JWKS file " + file.string());
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::shared_ptr<const Jwks> JwksSource::get(pipeline::Exchange& ex, std::string_view kid,
                                            std::string& why) const {
  std::lock_guard lock(mu_);
  auto now = ex.shared.clock->monotonic();
  bool known = jwks_ && (kid.empty() || jwks_->find(kid) != nullptr);
  if (known || (ever_fetched_ && now - fetched_ < std::chrono::seconds(10))) {
    if (!jwks_) {
      why = "the JWKS could not be loaded recently";
    }
    return jwks_;
  }
  ever_fetched_ = true;
  fetched_ = now;
  auto text = load_text(ex);
  if (!text) {
    why = text.error().message;
    return jwks_;
  }
  auto parsed = Jwks::parse(*text);
  if (!parsed) {
    why = location_ + ": " + parsed.error().message;
    return jwks_;
  }
  jwks_ = std::make_shared<const Jwks>(std::move(*parsed));
  return jwks_;
}

std::string jwks_location_for(const model::Api& /*api*/, std::string_view issuer,
                              const model::UserPool* pool) {
  if (pool != nullptr && !pool->jwks.empty()) {
    return pool->jwks;
  }
  for (std::string_view loopback : {"http://127.0.0.1", "http://localhost", "http://[::1]",
                                    "https://127.0.0.1", "https://localhost"}) {
    if (issuer.starts_with(loopback)) {
      return "discover:" + std::string(issuer);
    }
  }
  return "local";
}

}  // namespace gw::auth
