#pragma once

/// Loading a spec: OpenAPI 2.0 / 3.0 / 3.1, YAML or JSON, $refs within and across files,
/// every x-amazon-apigateway-* extension and gw's x-gw block -> model::Api.
/// Every error and warning names file:line:col.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/model/api.h"

namespace gw::openapi {

struct LoadOptions {
  std::string config_path;  ///< --config FILE: an x-gw block in its own file (same shape)
};

/// A problem that does not stop loading (unknown extension key, ignored field).
struct Warning {
  std::string message;
  SourceLoc where;
  std::string hint;  ///< "did you mean 'x-amazon-apigateway-integration'?"
  std::string str() const;
};

struct Loaded {
  std::shared_ptr<const model::Api> api;
  std::vector<Warning> warnings;
  std::vector<std::string> files;  ///< every file read (spec, $ref targets, config): to watch
};

/// Loads the spec at `path`. Failures are ErrorKind::BadInput with a position
/// (ErrorKind::Environment when a file cannot be read).
Result<Loaded> load(const std::string& path, const LoadOptions& options = {});

/// Loads a spec held in memory; `name` is used in positions and to resolve relative $refs.
Result<Loaded> load_string(std::string_view text, const std::string& name,
                           const LoadOptions& options = {});

}  // namespace gw::openapi
