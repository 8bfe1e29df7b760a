#include "core/integrations/aws_dynamodb.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base/files.h"
#include "core/base/strings.h"

namespace gw::integrations {

namespace {

using Json = nlohmann::ordered_json;

Result<Json> bad(std::string message) { return fail(ErrorKind::BadInput, std::move(message)); }

// ":v" / "#n" placeholders of an expression, resolved.
std::string attribute_name(std::string_view token, const Json& req) {
  std::string t(trim(token));
  if (t.starts_with('#') && req.contains("ExpressionAttributeNames")) {
    const Json& names = req["ExpressionAttributeNames"];
    if (names.contains(t) && names[t].is_string()) {
      return names[t].get<std::string>();
    }
  }
  return t;
}

const Json* attribute_value(std::string_view token, const Json& req) {
  std::string t(trim(token));
  if (!req.contains("ExpressionAttributeValues")) {
    return nullptr;
  }
  const Json& values = req["ExpressionAttributeValues"];
  return values.contains(t) ? &values[t] : nullptr;
}

// Splits "a AND b and c" on the keyword AND (any case).
std::vector<std::string> split_and(std::string_view text) {
  std::vector<std::string> parts;
  std::string upper = to_upper(text);
  size_t pos = 0;
  while (true) {
    size_t at = upper.find(" AND ", pos);
    parts.emplace_back(trim(text.substr(pos, at == std::string::npos ? at : at - pos)));
    if (at == std::string::npos) {
      return parts;
    }
    pos = at + 5;
  }
}

// A scalar attribute value as comparable text ({"S": "x"} -> "x").
std::string scalar(const Json& v) {
  if (v.is_object() && !v.empty()) {
    const Json& inner = v.begin().value();
    return inner.is_string() ? inner.get<std::string>() : inner.dump();
  }
  return v.dump();
}

}  // namespace

Result<Json> DynamoTables::handle(std::string_view action, const Json& request) {
  auto t = table(request);
  if (!t) {
    return std::unexpected(t.error());
  }
  Table& table_ref = **t;
  if (action == "PutItem") {
    return put_item(table_ref, request);
  }
  if (action == "GetItem") {
    return get_item(table_ref, request);
  }
  if (action == "DeleteItem") {
    return delete_item(table_ref, request);
  }
  if (action == "UpdateItem") {
    return update_item(table_ref, request);
  }
  if (action == "Query") {
    return query(table_ref, request);
  }
  if (action == "Scan") {
    int count = static_cast<int>(table_ref.items.size());
    return Json{{"Count", count}, {"Items", table_ref.items}, {"ScannedCount", count}};
  }
  return bad("the local AWS sink does not emulate dynamodb:" + std::string(action));
}

Result<DynamoTables::Table*> DynamoTables::table(const Json& request) {
  if (!request.is_object() || !request.contains("TableName") ||
      !request["TableName"].is_string()) {
    return fail(ErrorKind::BadInput, "dynamodb request without a TableName string");
  }
  std::string name = request["TableName"].get<std::string>();
  if (name.empty() || name.find_first_of("/\\") != std::string::npos || name[0] == '.') {
    return fail(ErrorKind::BadInput, "dynamodb: invalid TableName '" + name + "'");
  }
  Table& t = tables_[name];
  if (!t.loaded && !dir_.empty()) {
    std::ifstream in(std::filesystem::path(dir_) / (name + ".json"));
    std::stringstream ss;
    ss << in.rdbuf();
    Json doc = Json::parse(ss.str(), nullptr, false);
    if (doc.is_object()) {
      for (const Json& k : doc.value("keys", Json::array())) {
        t.key_names.push_back(k.get<std::string>());
      }
      for (const Json& item : doc.value("items", Json::array())) {
        t.items.push_back(item);
      }
    }
  }
  t.loaded = true;
  return &t;
}

void DynamoTables::learn_key(Table& t, const Json& key) {
  if (t.key_names.empty() && key.is_object()) {
    for (const auto& [name, value] : key.items()) {
      t.key_names.push_back(name);
    }
  }
}

Json* DynamoTables::find(Table& t, const Json& key) {
  for (Json& item : t.items) {
    bool all = true;
    for (const auto& [name, value] : key.items()) {
      all = all && item.contains(name) && item[name] == value;
    }
    if (all) {
      return &item;
    }
  }
  return nullptr;
}

Result<bool> DynamoTables::save(const std::string& name, const Table& t) {
  if (dir_.empty()) {
    return true;
  }
  Json doc = {{"keys", t.key_names}, {"items", t.items}};
  return files::write_atomically((std::filesystem::path(dir_) / (name + ".json")).string(),
                                 doc.dump(1) + "\n");
}

Result<Json> DynamoTables::put_item(Table& t, const Json& req) {
  if (!req.contains("Item") || !req["Item"].is_object() || req["Item"].empty()) {
    return bad("dynamodb PutItem without an Item map");
  }
  const Json& item = req["Item"];
  if (t.key_names.empty()) {
    t.key_names.push_back(item.begin().key());
  }
  Json key = Json::object();
  for (const std::string& k : t.key_names) {
    if (!item.contains(k)) {
      return bad("dynamodb PutItem: the Item lacks the key attribute '" + k + "'");
    }
    key[k] = item[k];
  }
  Json old = Json::object();
  if (Json* existing = find(t, key)) {
    old = *existing;
    *existing = item;
  } else {
    t.items.push_back(item);
  }
  GW_TRY(save(req["TableName"].get<std::string>(), t));
  if (req.value("ReturnValues", "") == "ALL_OLD" && !old.empty()) {
    return Json{{"Attributes", old}};
  }
  return Json::object();
}

Result<Json> DynamoTables::get_item(Table& t, const Json& req) {
  if (!req.contains("Key") || !req["Key"].is_object()) {
    return bad("dynamodb GetItem without a Key map");
  }
  learn_key(t, req["Key"]);
  if (const Json* item = find(t, req["Key"])) {
    return Json{{"Item", *item}};
  }
  return Json::object();
}

Result<Json> DynamoTables::delete_item(Table& t, const Json& req) {
  if (!req.contains("Key") || !req["Key"].is_object()) {
    return bad("dynamodb DeleteItem without a Key map");
  }
  learn_key(t, req["Key"]);
  Json old = Json::object();
  if (Json* item = find(t, req["Key"])) {
    old = *item;
    t.items.erase(t.items.begin() + (item - t.items.data()));
    GW_TRY(save(req["TableName"].get<std::string>(), t));
  }
  if (req.value("ReturnValues", "") == "ALL_OLD" && !old.empty()) {
    return Json{{"Attributes", old}};
  }
  return Json::object();
}

Result<Json> DynamoTables::update_item(Table& t, const Json& req) {
  if (!req.contains("Key") || !req["Key"].is_object()) {
    return bad("dynamodb UpdateItem without a Key map");
  }
  learn_key(t, req["Key"]);
  std::string expr = req.value("UpdateExpression", "");
  std::string_view rest = trim(expr);
  if (!starts_with_icase(rest, "SET ")) {
    return bad("dynamodb UpdateItem: the local sink knows only 'SET a = :v, ...' expressions");
  }
  Json* item = find(t, req["Key"]);
  if (item == nullptr) {
    t.items.push_back(req["Key"]);
    item = &t.items.back();
  }
  for (std::string_view assignment : split(rest.substr(4), ',')) {
    size_t eq = assignment.find('=');
    const Json* value = eq == std::string_view::npos ? nullptr
                                                     : attribute_value(assignment.substr(eq + 1), req);
    if (value == nullptr) {
      return bad("dynamodb UpdateItem: cannot read '" + std::string(trim(assignment)) + "'");
    }
    (*item)[attribute_name(assignment.substr(0, eq), req)] = *value;
  }
  Json result = *item;
  GW_TRY(save(req["TableName"].get<std::string>(), t));
  if (req.value("ReturnValues", "") == "ALL_NEW") {
    return Json{{"Attributes", result}};
  }
  return Json::object();
}

Result<Json> DynamoTables::query(Table& t, const Json& req) {
  std::string expr = req.value("KeyConditionExpression", "");
  if (expr.empty()) {
    return bad("dynamodb Query without a KeyConditionExpression");
  }
  struct Condition {
    std::string name;
    std::string value;
    bool prefix = false;
  };
  std::vector<Condition> conditions;
  for (const std::string& part : split_and(expr)) {
    std::string_view p = part;
    Condition c;
    if (starts_with_icase(p, "begins_with(") && p.ends_with(")")) {
      std::string_view args = p.substr(12, p.size() - 13);
      size_t comma = args.find(',');
      const Json* v = comma == std::string_view::npos ? nullptr
                                                      : attribute_value(args.substr(comma + 1), req);
      if (v == nullptr) {
        return bad("dynamodb Query: cannot read '" + part + "'");
      }
      c = {attribute_name(args.substr(0, comma), req), scalar(*v), true};
    } else {
      size_t eq = p.find('=');
      const Json* v = eq == std::string_view::npos ? nullptr : attribute_value(p.substr(eq + 1), req);
      if (v == nullptr) {
        return bad("dynamodb Query: the local sink knows only '=' and begins_with: '" + part +
                   "'");
      }
      c = {attribute_name(p.substr(0, eq), req), scalar(*v), false};
    }
    conditions.push_back(std::move(c));
  }
  if (t.key_names.empty() && !conditions.empty()) {
    t.key_names.push_back(conditions[0].name);
  }
  Json items = Json::array();
  for (const Json& item : t.items) {
    bool all = true;
    for (const Condition& c : conditions) {
      std::string v = item.contains(c.name) ? scalar(item[c.name]) : std::string();
      all = all && item.contains(c.name) && (c.prefix ? v.starts_with(c.value) : v == c.value);
    }
    if (all) {
      items.push_back(item);
    }
  }
  int count = static_cast<int>(items.size());
  return Json{{"Count", count}, {"Items", std::move(items)}, {"ScannedCount", count}};
}

}  // namespace gw::integrations
