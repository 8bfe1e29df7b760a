#pragma once

/// The AWS sink's DynamoDB: tables of items in DynamoDB's attribute-value JSON
/// (`{"id": {"S": "o-1"}}`), one JSON file per table under `<dir>` (written to a temporary file
/// and renamed, so a crash never leaves half a table), or in memory when dir is empty.
/// See aws_sink.h for what is supported.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace gw::integrations {

class DynamoTables {
 public:
  explicit DynamoTables(std::string dir) : dir_(std::move(dir)) {}

  /// The response document for a DynamoDB JSON-protocol action, or BadInput.
  Result<nlohmann::ordered_json> handle(std::string_view action,
                                        const nlohmann::ordered_json& request);

 private:
  using Json = nlohmann::ordered_json;
  struct Table {
    std::vector<std::string> key_names;  ///< learned (see aws_sink.h)
    std::vector<Json> items;
    bool loaded = false;
  };
  Result<Table*> table(const Json& request);
  void learn_key(Table& t, const Json& key);
  Json* find(Table& t, const Json& key);
  /// Writes the table to its file (nothing without a directory).
  Result<bool> save(const std::string& name, const Table& t);

  Result<Json> put_item(Table& t, const Json& req);
  Result<Json> get_item(Table& t, const Json& req);
  Result<Json> delete_item(Table& t, const Json& req);
  Result<Json> update_item(Table& t, const Json& req);
  Result<Json> query(Table& t, const Json& req);

  std::string dir_;
  std::map<std::string, Table> tables_;
};

}  // namespace gw::integrations
