#pragma once

/// Every lint rule gw has, sorted by id (`gw lint --list-rules`).

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/lint/rule.h"

namespace gw::lint {

/// The rules, built once, sorted by id.
std::span<const std::unique_ptr<Rule>> all_rules();
/// The rule with `id`, or nullptr.
const Rule* find_rule(std::string_view id);
/// The categories ("cors", "deploy", ...), sorted.
std::vector<std::string_view> categories();

}  // namespace gw::lint
