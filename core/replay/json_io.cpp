#include "core/replay/json_io.h"

#include <ctime>

#include "core/base/base64.h"
#include "core/replay/recording.h"

namespace gw::replay {

void put_body(Json& obj, const std::string& body) {
  if (is_valid_utf8(body)) {
    obj["body"] = body;
    obj["bodyEncoding"] = "text";
  } else {
    obj["body"] = base64_encode(body);
    obj["bodyEncoding"] = "base64";
  }
}

Result<std::string> get_body(const Json& obj) {
  auto it = obj.find("body");
  if (it == obj.end() || it->is_null()) {
    return std::string();
  }
  if (!it->is_string()) {
    return fail(ErrorKind::BadInput, "'body' must be a string");
  }
  const std::string encoding = str_field(obj, "bodyEncoding");
  if (encoding.empty() || encoding == "text") {
    return it->get<std::string>();
  }
  if (encoding != "base64") {
    return fail(ErrorKind::BadInput, "unknown bodyEncoding '" + encoding + "'", {},
                "use \"text\" or \"base64\"");
  }
  auto bytes = base64_decode(it->get_ref<const std::string&>());
  if (!bytes) {
    return fail(ErrorKind::BadInput, "'body' is not valid base64");
  }
  return std::move(*bytes);
}

Json headers_to_json(const Headers& headers) {
  Json out = Json::object();
  for (const auto& [name, value] : headers) {
    auto it = out.find(name);
    if (it == out.end()) {
      out[name] = value;
    } else if (it->is_array()) {
      it->push_back(value);
    } else {
      *it = Json::array({it->get<std::string>(), value});
    }
  }
  return out;
}

Result<Headers> headers_from_json(const Json& value) {
  Headers h;
  if (value.is_null()) {
    return h;
  }
  if (!value.is_object()) {
    return fail(ErrorKind::BadInput, "'headers' must be an object");
  }
  for (const auto& [name, v] : value.items()) {
    if (v.is_string()) {
      h.add(name, v.get<std::string>());
    } else if (v.is_array()) {
      for (const auto& item : v) {
        if (!item.is_string()) {
          return fail(ErrorKind::BadInput, "header '" + name + "' has a non-string value");
        }
        h.add(name, item.get<std::string>());
      }
    } else {
      return fail(ErrorKind::BadInput, "header '" + name + "' must be a string or a list");
    }
  }
  return h;
}

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) {
    return false;
  }
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s) {
  std::tm tm{};
  int y = 0;
  int mo = 0;
  int d = 0;
  int h = 0;
  int mi = 0;
  int sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
      s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
      !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  int64_t ms = 0;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    int64_t scale = 100;
    for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
    }
  }
  int64_t offset_s = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0;
    int om = 0;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om)) {
      return std::nullopt;
    }
    offset_s = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
  } else if (pos < s.size() && s[pos] != 'Z') {
    return std::nullopt;
  }
  const int64_t epoch = static_cast<int64_t>(timegm(&tm)) - offset_s;
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(epoch * 1000 + ms));
}

std::string str_field(const Json& obj, std::string_view key) {
  if (!obj.is_object()) {
    return {};
  }
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace gw::replay
