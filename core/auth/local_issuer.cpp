#include "core/auth/local_issuer.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/base/files.h"
namespace gw::auth {

namespace fs = std::filesystem;
using nlohmann::json;

Result<crypto::SigningKey> load_dev_key(const std::string& state_dir, bool create) {
  fs::path file = fs::path(state_dir) / kDevKeyFile;
  std::error_code ec;
  if (fs::exists(file, ec)) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto key = crypto::SigningKey::from_pem(text.str());
    if (!key) {
      return fail(ErrorKind::BadInput, file.string() + ": " + key.error().message);
    }
    return key;
  }
  if (!create) {
    return fail(ErrorKind::BadInput, "no development issuer key in " + state_dir, {},
                "run 'gw token' once to create it");
  }
  fs::create_directories(state_dir, ec);
  if (ec) {
    return fail(ErrorKind::Environment, "cannot create " + state_dir + ": " + ec.message());
  }
  auto key = crypto::SigningKey::generate_rsa();
  GW_TRY(key);
  auto pem = key->to_pem();
  GW_TRY(pem);
  GW_TRY(files::write_atomically(file.string(), *pem, 0600));
  return key;
}

std::string dev_kid(const crypto::JwkFields& jwk) {
  return crypto::base64url_encode(crypto::sha256(jwk.n)).substr(0, 16);
}

Result<std::string> dev_jwks_json(const crypto::SigningKey& key) {
  auto jwk = key.public_jwk();
  GW_TRY(jwk);
  json k = {{"kty", "RSA"},         {"use", "sig"}, {"alg", "RS256"},
            {"kid", dev_kid(*jwk)}, {"n", jwk->n},  {"e", jwk->e}};
  return json{{"keys", json::array({k})}}.dump();
}

Result<std::string> sign_dev_jwt(const crypto::SigningKey& key, std::string_view claims_json) {
  auto jwk = key.public_jwk();
  GW_TRY(jwk);
  json header = {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", dev_kid(*jwk)}};
  std::string input =
      crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(claims_json);
  auto sig = key.sign("RS256", input);
  GW_TRY(sig);
  return input + "." + crypto::base64url_encode(*sig);
}

std::string discovery_document(std::string_view issuer, std::string_view jwks_uri) {
  return json{{"issuer", std::string(issuer)},
              {"jwks_uri", std::string(jwks_uri)},
              {"id_token_signing_alg_values_supported", json::array({"RS256"})},
              {"response_types_supported", json::array({"code", "token"})},
              {"subject_types_supported", json::array({"public"})}}
      .dump();
}

}  // namespace gw::auth
