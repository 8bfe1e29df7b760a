#include "core/integrations/lambda_response.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/base/base64.h"

namespace gw::integrations {

namespace {

using nlohmann::json;

constexpr std::string_view kShapeHint =
    "; a proxy integration's function must return {statusCode, headers, multiValueHeaders, "
    "body, isBase64Encoded} with body a string";

Error shape_error(std::string what) {
  Error e;
  e.kind = ErrorKind::Failure;
  e.message = "malformed Lambda proxy response: " + std::move(what) + std::string(kShapeHint);
  return e;
}

std::optional<std::string> scalar_text(const json& v) {
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_boolean()) {
    return v.get<bool>() ? "true" : "false";
  }
  if (v.is_number()) {
    return v.dump();
  }
  return std::nullopt;
}

Result<int> status_of(const json& doc, bool required) {
  auto it = doc.find("statusCode");
  if (it == doc.end() || it->is_null()) {
    if (required) {
      return std::unexpected(shape_error("statusCode is missing"));
    }
    return 200;
  }
  int status = 0;
  if (it->is_number_integer()) {
    status = it->get<int>();
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), status);
    if (ec != std::errc() || end != s.data() + s.size()) {
      status = 0;
    }
  }
  if (status < 100 || status > 599) {
    return std::unexpected(shape_error("statusCode " + it->dump() + " is not an HTTP status"));
  }
  return status;
}

using HeaderList = std::vector<Headers::Entry>;

Headers::Entry* find_header(HeaderList& list, std::string_view name) {
  for (auto& entry : list) {
    if (iequals(entry.first, name)) {
      return &entry;
    }
  }
  return nullptr;
}

Result<void> put_headers(const json& doc, Response& r, const ProxyResponseRules& rules) {
  HeaderList list;
  auto multi = doc.find("multiValueHeaders");
  if (multi != doc.end() && !multi->is_null() && !rules.v2) {
    if (!multi->is_object()) {
      return std::unexpected(shape_error("multiValueHeaders is not an object"));
    }
    for (const auto& [name, values] : multi->items()) {
      if (!values.is_array()) {
        return std::unexpected(shape_error("multiValueHeaders." + name + " is not an array"));
      }
      std::string joined;
      for (const json& v : values) {
        joined += (joined.empty() ? "" : ", ") + scalar_text(v).value_or(v.dump());
      }
      list.emplace_back(name, std::move(joined));
    }
  }
  auto single = doc.find("headers");
  if (single != doc.end() && !single->is_null()) {
    if (!single->is_object()) {
      return std::unexpected(shape_error("headers is not an object"));
    }
    for (const auto& [name, value] : single->items()) {
      std::string text = scalar_text(value).value_or(value.dump());
      if (Headers::Entry* prior = find_header(list, name)) {
        prior->second += ", " + text;  // fact 19: multi values first, multi's casing
      } else {
        list.emplace_back(name, std::move(text));
      }
    }
  }
  for (auto& [name, value] : list) {
    r.headers.add(std::move(name), std::move(value));
  }
  return {};
}

Result<Response> structured(const json& doc, const ProxyResponseRules& rules) {
  Response r;
  auto status = status_of(doc, rules.http_api && !rules.v2);
  if (!status) {
    return std::unexpected(status.error());
  }
  r.status = *status;
  GW_TRY(put_headers(doc, r, rules));
  auto body = doc.find("body");
  if (body != doc.end() && !body->is_null()) {
    if (body->is_string()) {
      r.body = body->get<std::string>();
    } else if (rules.http_api) {
      r.body = body->dump();
    } else {
      return std::unexpected(shape_error("body is not a string"));
    }
  }
  if (rules.v2) {
    auto cookies = doc.find("cookies");
    if (cookies != doc.end() && cookies->is_array()) {
      for (const json& c : *cookies) {
        r.headers.add("set-cookie", scalar_text(c).value_or(c.dump()));
      }
    }
  }
  if (!r.headers.has("Content-Type")) {
    r.headers.add("Content-Type", "application/json");  // fact 18
  }
  auto b64 = doc.find("isBase64Encoded");
  bool encoded = b64 != doc.end() && b64->is_boolean() && b64->get<bool>();
  bool decode =
      encoded &&
      (rules.http_api || is_binary_media_type(*r.headers.get("Content-Type"), rules.binary_media_types) ||
       is_binary_media_type(rules.accept, rules.binary_media_types));
  if (decode) {
    auto bytes = base64_decode(r.body);
    if (!bytes) {
      return std::unexpected(shape_error("isBase64Encoded is true but body is not base64"));
    }
    r.body = std::move(*bytes);
  }
  return r;
}

}  // namespace

Result<Response> parse_lambda_proxy_response(std::string_view payload,
                                             const ProxyResponseRules& rules) {
  json doc = json::parse(payload, nullptr, false);
  if (doc.is_discarded()) {
    return std::unexpected(shape_error("the function's result is not JSON"));
  }
  if (rules.v2 && !(doc.is_object() && doc.contains("statusCode"))) {
    Response r;  // fact 63: a bare value is a 200 JSON body
    r.headers.add("Content-Type", "application/json");
    r.body = doc.is_string() ? doc.get<std::string>() : std::string(payload);
    return r;
  }
  if (!doc.is_object()) {
    return std::unexpected(shape_error("the function returned " + std::string(doc.type_name()) +
                                       ", not an object"));  // fact 16
  }
  if (!rules.http_api) {
    for (const auto& [key, value] : doc.items()) {
      if (key != "statusCode" && key != "headers" && key != "multiValueHeaders" && key != "body" &&
          key != "isBase64Encoded") {
        return std::unexpected(shape_error("unexpected key '" + key + "'"));  // fact 14
      }
    }
  }
  return structured(doc, rules);
}

}  // namespace gw::integrations
