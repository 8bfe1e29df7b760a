#include "cli/cmd_routes.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

#include "cli/route_table.h"
#include "cli/spec_loading.h"
#include "cli/term.h"

namespace gw::cli {
namespace {

nlohmann::ordered_json to_json(const std::vector<RouteRow>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    out.push_back({
        {"method", r.method},
        {"path", r.path},
        {"integration", {{"type", r.integration_type}, {"target", r.integration_target}}},
        {"authorization", r.authorization},
        {"apiKeyRequired", r.api_key_required},
        {"operationId", r.operation_id},
    });
  }
  return out;
}

}  // namespace

void setup_routes(CLI::App& app, ExitCode& result) {
  auto options = std::make_shared<RoutesOptions>();
  CLI::App* sub = app.add_subcommand("routes", "List the routes an API serves");
  sub->add_option("spec", options->spec, "OpenAPI spec (YAML or JSON)")->required();
  sub->add_option("--config", options->config, "x-gw configuration in its own file");
  sub->add_flag("--json", options->json, "Print a stable JSON array");
  sub->callback([options, &result] { result = run_routes(*options); });
}

ExitCode run_routes(const RoutesOptions& options) {
  auto loaded = load_spec(options.spec, options.config);
  if (!loaded) {
    return report_load_error(loaded.error());
  }
  const auto rows = route_rows(*loaded->api);
  if (options.json) {
    std::cout << to_json(rows).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << '\n';
  } else {
    std::cout << format_route_table(rows, "", colour_enabled(stdout));
  }
  return ExitCode::Ok;
}

}  // namespace gw::cli
