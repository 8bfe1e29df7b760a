#include "openapi/loader.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "openapi/cfn_websocket.h"
#include "openapi/cloudformation.h"
#include "openapi/fields.h"
#include "openapi/refs.h"
#include "openapi/to_model.h"
#include "openapi/yaml_reader.h"

namespace gw::openapi {
namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::Environment, "cannot read " + path);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    return fail(ErrorKind::Environment, "cannot read " + path);
  }
  return buf.str();
}

/// In a SAM / CloudFormation template, the first API resource's inline OpenAPI document.
Result<const Node*> find_definition_body(const Node& root, const Node& resources) {
  static constexpr std::array<std::string_view, 4> kTypes = {
      "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi",
      "AWS::ApiGatewayV2::Api"};
  for (const MapEntry& e : resources.entries) {
    const Node* type = e.value.is_map() ? e.value.find("Type") : nullptr;
    if (type == nullptr || std::find(kTypes.begin(), kTypes.end(), type->text) == kTypes.end()) {
      continue;
    }
    const Node* props = e.value.find("Properties");
    if (props == nullptr || !props->is_map()) {
      continue;
    }
    for (std::string_view key : {"DefinitionBody", "Body"}) {
      if (const Node* body = props->find(key); body != nullptr && body->is_map()) {
        return body;
      }
    }
  }
  return fail(ErrorKind::BadInput,
              "a CloudFormation/SAM template without an inline OpenAPI definition "
              "(Properties.DefinitionBody or Body of an API resource)",
              root.loc, "load the OpenAPI file its DefinitionUri/BodyS3Location names instead");
}

Result<const Node*> find_spec(const Node& root) {
  if (root.is_map() && root.find("openapi") == nullptr && root.find("swagger") == nullptr) {
    if (const Node* resources = root.find("Resources"); resources && resources->is_map()) {
      return find_definition_body(root, *resources);
    }
  }
  return &root;
}

/// A SAM/CloudFormation template's WebSocket API resource (cfn_websocket.h), or nullptr.
const MapEntry* websocket_template(const Node& root) {
  if (!root.is_map() || root.find("openapi") != nullptr || root.find("swagger") != nullptr) {
    return nullptr;
  }
  const Node* resources = root.find("Resources");
  return resources != nullptr && resources->is_map() ? find_websocket_api(*resources) : nullptr;
}

/// The x-gw block: the config file's (itself or its x-gw key) wins over the spec's.
Result<const Node*> gw_block(const Node& spec, const Node* config_root) {
  if (config_root != nullptr) {
    if (config_root->is_map()) {
      if (const Node* inner = config_root->find("x-gw")) {
        return inner;
      }
    }
    return config_root;
  }
  return spec.is_map() ? spec.find("x-gw") : nullptr;
}

/// An error at an expression left unevaluated says why it was left.
Error explain_unresolved(Error e, const CloudFormationResult& cfn) {
  for (const auto& [where, why] : cfn.unresolved) {
    if (where.line == e.where.line && where.column == e.where.column && where.file &&
        e.where.file && *where.file == *e.where.file) {
      e.message += ": " + why;
    }
  }
  return e;
}

}  // namespace

std::string Warning::str() const {
  std::string pos = where.str();
  return pos.empty() ? message : pos + ": " + message;
}

Result<Loaded> load(const std::string& path, const LoadOptions& options) {
  Result<std::string> text = read_file(path);
  GW_TRY(text);
  Result<Loaded> loaded = load_string(*text, path, options);
  if (loaded) {
    loaded->files.insert(loaded->files.begin(), path);
  }
  return loaded;
}

Result<Loaded> load_string(std::string_view text, const std::string& name,
                           const LoadOptions& options) {
  Loaded out;
  auto file = std::make_shared<const std::string>(name);
  Result<Node> parsed = parse_yaml(text, file);
  GW_TRY(parsed);
  const CloudFormationResult cfn =
      resolve_cloudformation(*parsed, parsed->is_map() ? parsed->find("Resources") : nullptr);
  if (cfn.evaluated > 0) {
    out.warnings.push_back(Warning{
        "evaluated " + std::to_string(cfn.evaluated) +
            " CloudFormation expression(s) with local values (region " + kLocalRegion +
            ", account " + kLocalAccount + ", resources by logical id)",
        cfn.first, "map each Lambda function's logical id in x-gw.functions"});
  }
  auto root = std::make_shared<const Node>(std::move(*parsed));
  const MapEntry* websocket = websocket_template(*root);
  Result<const Node*> spec = websocket ? root.get() : find_spec(*root);
  GW_TRY(spec);

  std::shared_ptr<const Node> config_root;
  if (!options.config_path.empty()) {
    Result<std::string> config_text = read_file(options.config_path);
    GW_TRY(config_text);
    out.files.push_back(options.config_path);
    auto config_file = std::make_shared<const std::string>(options.config_path);
    Result<Node> config = parse_yaml(*config_text, config_file);
    GW_TRY(config);
    config_root = std::make_shared<const Node>(std::move(*config));
  }
  Result<const Node*> block = gw_block(**spec, config_root.get());
  GW_TRY(block);

  RefResolver refs(&out.files);
  refs.set_main(file, root, *spec);
  Ctx ctx{refs, out.warnings};
  warn_unknown_extensions(**spec, out.warnings);
  Result<model::Api> api = websocket ? websocket_from_template(ctx, *root, *websocket, *block)
                                     : to_model(ctx, **spec, *block);
  if (!api) {
    return std::unexpected(explain_unresolved(std::move(api).error(), cfn));
  }
  api->spec_path = file;
  out.api = std::make_shared<const model::Api>(std::move(*api));
  return out;
}

}  // namespace gw::openapi
