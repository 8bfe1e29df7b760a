#pragma once

/// Canary releases for the drivers that serve stages (`gw serve`, `gw replay`; AWS fact 69).
/// A stage's canary comes from x-gw (`x-gw.stages.NAME.canary`, naming a `gw deploy` snapshot)
/// or from the stage's record in the state directory (`gw deploy --canary`), never both.

#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/pipeline/canary_split.h"
#include "openapi/loader.h"

namespace gw::cli {

/// The canaries of the stages `loaded` serves (`only_stage` alone when set), each with its
/// deployment's API. Applies the stage records' own variables (a promoted canary's overrides)
/// to `loaded.api` first, and adds every served stage's record file to `loaded.files` (so a
/// `gw deploy --canary` while serving takes effect). A canary naming a deployment the state
/// directory lacks is an error at its position; on an HTTP API a canary is warned about and not
/// served (HTTP APIs have no canary releases). `notes` gets one start-up line per canary.
Result<std::vector<pipeline::CanaryModel>> load_canaries(openapi::Loaded& loaded,
                                                         const std::string& spec,
                                                         const std::string& only_stage,
                                                         const std::string& state_dir,
                                                         std::vector<std::string>* notes);

/// "10%" / "2.5%": a share as gw prints it.
std::string percent_text(double percent);

}  // namespace gw::cli
