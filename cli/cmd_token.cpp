#include "cli/cmd_token.h"

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/auth/local_issuer.h"
#include "core/model/api.h"

namespace gw::cli {

namespace {

using nlohmann::json;

std::string state_dir_of(const TokenOptions& o) {
  if (!o.state_dir.empty()) {
    return o.state_dir;
  }
  return o.spec.empty() ? std::string(".gw") : model::state_dir_beside(o.spec);
}

Result<json> build_claims(const TokenOptions& o) {
  auto ttl = parse_duration(o.expires_in);
  if (!ttl) {
    return fail(ErrorKind::BadInput, "--expires-in '" + o.expires_in + "' is not a duration", {},
                "use seconds or a unit: 90s, 15m, 1h, 2d");
  }
  long long now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  json c = {{"iss", o.issuer.empty() ? std::string(auth::kLocalIssuer) : o.issuer},
            {"sub", o.sub},
            {"iat", now},
            {"exp", now + *ttl}};
  if (o.audience.size() == 1) {
    c["aud"] = o.audience[0];
  } else if (!o.audience.empty()) {
    c["aud"] = o.audience;
  }
  if (!o.scopes.empty()) {
    std::string joined;
    for (const std::string& s : o.scopes) {
      if (!joined.empty()) {
        joined.push_back(' ');
      }
      joined.append(s);
    }
    c["scope"] = joined;
  }
  if (!o.token_use.empty()) {
    c["token_use"] = o.token_use;
  }
  if (!o.client_id.empty()) {
    c["client_id"] = o.client_id;
  }
  for (const std::string& kv : o.claims) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail(ErrorKind::BadInput, "--claim '" + kv + "' is not KEY=VALUE");
    }
    json v = json::parse(kv.substr(eq + 1), nullptr, false);
    c[kv.substr(0, eq)] = v.is_discarded() ? json(kv.substr(eq + 1)) : v;
  }
  return c;
}

}  // namespace

std::optional<long long> parse_duration(std::string_view text) {
  bool negative = text.starts_with("-");
  if (negative) {
    text.remove_prefix(1);
  }
  long long unit = 1;
  if (!text.empty() && std::string_view("smhd").find(text.back()) != std::string_view::npos) {
    char u = text.back();
    unit = u == 's' ? 1 : u == 'm' ? 60 : u == 'h' ? 3600 : 86400;
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  long long v = std::stoll(std::string(text)) * unit;
  return negative ? -v : v;
}

ExitCode run_token(const TokenOptions& o) {
  auto print_error = [](const Error& e) {
    std::cerr << "gw: error: " << e.str() << "\n";
    if (!e.hint.empty()) {
      std::cerr << "  hint: " << e.hint << "\n";
    }
    return exit_code_for(e.kind);
  };
  auto key = auth::load_dev_key(state_dir_of(o), true);
  if (!key) {
    return print_error(key.error());
  }
  if (o.jwks) {
    auto jwks = auth::dev_jwks_json(*key);
    if (!jwks) {
      return print_error(jwks.error());
    }
    std::cout << *jwks << "\n";
    return ExitCode::Ok;
  }
  auto claims = build_claims(o);
  if (!claims) {
    return print_error(claims.error());
  }
  auto token = auth::sign_dev_jwt(*key, claims->dump());
  if (!token) {
    return print_error(token.error());
  }
  std::cout << *token << "\n";
  if (o.decode) {
    std::cout << claims->dump(2) << "\n";
  }
  return ExitCode::Ok;
}

void setup_token(CLI::App& app, ExitCode& result) {
  auto o = std::make_shared<TokenOptions>();
  CLI::App* sub = app.add_subcommand(
      "token", "Print a JWT signed by gw's development issuer (for JWT / Cognito authorizers)");
  sub->add_option("spec", o->spec, "The API spec (the key lives in .gw/ beside it)");
  sub->add_option("--state-dir", o->state_dir, "State directory holding the issuer key");
  sub->add_option("--issuer", o->issuer, "The iss claim (default https://issuer.gw.localhost)");
  sub->add_option("--sub", o->sub, "The sub claim")->capture_default_str();
  sub->add_option("--aud", o->audience, "An aud value (repeatable)")->allow_extra_args(false);
  sub->add_option("--scope", o->scopes, "A scope for the scope claim (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--claim", o->claims,
                  "Another claim KEY=VALUE, VALUE as JSON or text (repeatable)");
  sub->add_option("--expires-in", o->expires_in, "Lifetime: 90s, 15m, 1h, 2d; negative = expired")
      ->capture_default_str();
  sub->add_option("--token-use", o->token_use, "Cognito token_use claim")
      ->check(CLI::IsMember({"id", "access"}));
  sub->add_option("--client-id", o->client_id, "The client_id claim (Cognito access tokens)");
  sub->add_flag("--jwks", o->jwks, "Print the issuer's JWKS instead of a token");
  sub->add_flag("--decode", o->decode, "Also print the claims");
  sub->callback([o, &result] { result = run_token(*o); });
}

std::optional<Response> LocalIssuerEndpoints::answer(const Request& request) const {
  bool discovery = request.path == "/.well-known/openid-configuration";
  bool jwks = request.path == "/.well-known/jwks.json";
  if ((!discovery && !jwks) || request.method != "GET") {
    return std::nullopt;
  }
  Response r;
  r.headers.add("Content-Type", "application/json");
  if (discovery) {
    std::string host(request.headers.get("Host").value_or("127.0.0.1"));
    r.body =
        auth::discovery_document(auth::kLocalIssuer, "http://" + host + "/.well-known/jwks.json");
    return r;
  }
  std::lock_guard lock(mu_);
  if (jwks_.empty()) {
    auto key = auth::load_dev_key(state_dir_, false);
    auto text = key ? auth::dev_jwks_json(*key) : Result<std::string>(std::unexpected(key.error()));
    if (!text) {
      r.status = 404;
      r.body = R"({"message":"no development issuer key yet: run gw token"})";
      return r;
    }
    jwks_ = *text;
  }
  r.body = jwks_;
  return r;
}

}  // namespace gw::cli
