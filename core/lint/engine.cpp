#include "core/lint/engine.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/deploy/state.h"
#include "core/lint/registry.h"
#include "core/model/api.h"
#include "openapi/cloudformation.h"
#include "openapi/fields.h"
#include "openapi/loader.h"
#include "openapi/refs.h"
#include "openapi/to_model.h"
#include "openapi/yaml_reader.h"

namespace gw::lint {
namespace {

/// Rules ignored inside one node: lines [first, last] of `file`.
struct IgnoreRange {
  uint32_t first = 0;
  uint32_t last = 0;
  std::string route_path;
  std::string route_method;
  std::vector<std::string> rules;
};

uint32_t last_line(const openapi::Node& n) {
  uint32_t line = n.loc.line;
  if (!n.items.empty()) {
    line = std::max(line, last_line(n.items.back()));
  }
  if (!n.entries.empty()) {
    line = std::max(line, last_line(n.entries.back().value));
  }
  return line;
}

std::vector<IgnoreRange> inline_ignores(const openapi::Node& root) {
  std::vector<IgnoreRange> out;
  for_each_inline_ignore(root, [&out](const InlineIgnore& at) {
    // The document's ignore covers every line; a path item's or an operation's, its own.
    const uint32_t last = at.path.empty() ? UINT32_MAX : last_line(at.owner);
    IgnoreRange r{at.first_line, last, at.path, at.method, {}};
    if (at.ignore.is_seq()) {
      for (const auto& item : at.ignore.items) {
        r.rules.push_back(item.text);
      }
    } else {
      r.rules.push_back(at.ignore.text);
    }
    out.push_back(std::move(r));
  });
  return out;
}

/// Whether an inline ignore silences `f` (of a rule in `category`): its id, its category
/// or "all", as in .gwlint.yaml (unknown names are lint-unknown-ignore's findings).
bool ignored(const Finding& f, std::string_view category, const std::vector<IgnoreRange>& ranges,
             const std::string& file) {
  for (const auto& r : ranges) {
    const bool names = std::any_of(r.rules.begin(), r.rules.end(), [&](const std::string& s) {
      return s == f.rule || s == "all" || (!category.empty() && s == category);
    });
    if (!names) {
      continue;
    }
    const bool same_route = !r.route_path.empty() && r.route_path == f.route_path &&
                            (r.route_method.empty() || r.route_method == f.route_method);
    const bool inside =
        f.where.file && *f.where.file == file && f.where.line >= r.first && f.where.line <= r.last;
    if (same_route || inside) {
      return true;
    }
  }
  return false;
}

const openapi::Node* find_spec(const openapi::Node& root) {
  if (!root.is_map() || root.find("openapi") || root.find("swagger") || !root.find("Resources")) {
    return &root;
  }
  for (const auto& e : root.find("Resources")->entries) {
    const openapi::Node* props = e.value.is_map() ? e.value.find("Properties") : nullptr;
    for (std::string_view key : {"DefinitionBody", "Body"}) {
      if (const openapi::Node* body = props && props->is_map() ? props->find(key) : nullptr;
          body && body->is_map()) {
        return body;
      }
    }
  }
  return &root;
}

struct Deployments {
  std::vector<deploy::StageStatus> stages;
  std::vector<std::string> snapshots;
  bool exists = false;
};

Deployments read_deployments(const std::string& path, const Options& options) {
  Deployments d;
  deploy::Store store(options.state_dir.empty() ? model::state_dir_beside(path)
                                                : options.state_dir);
  d.exists = store.exists();
  d.snapshots = store.snapshot_ids();
  if (!d.exists) {
    return d;
  }
  auto working = deploy::resolve_spec(path);
  if (working) {
    auto statuses = deploy::stage_statuses(store, *working);
    if (statuses) {
      d.stages = std::move(*statuses);
    }
  }
  return d;
}

/// The loader's steps (openapi::load_string) on the tree lint already parsed: one parse, not two.
/// Keep in step with openapi/loader.cpp.
Result<openapi::Loaded> load_tree(const std::shared_ptr<const openapi::Node>& root,
                                  const openapi::Node& spec,
                                  const std::shared_ptr<const std::string>& file,
                                  const std::string& config_path) {
  openapi::Loaded out;
  std::shared_ptr<const openapi::Node> config_root;
  const openapi::Node* block = spec.is_map() ? spec.find("x-gw") : nullptr;
  if (!config_path.empty()) {
    std::ifstream in(config_path, std::ios::binary);
    if (!in) {
      return fail(ErrorKind::BadInput, "cannot read " + config_path);
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    auto config = openapi::parse_yaml(buf.str(), std::make_shared<const std::string>(config_path));
    GW_TRY(config);
    config_root = std::make_shared<const openapi::Node>(std::move(*config));
    const openapi::Node* inner = config_root->is_map() ? config_root->find("x-gw") : nullptr;
    block = inner != nullptr ? inner : config_root.get();
  }
  openapi::RefResolver refs(&out.files);
  refs.set_main(file, root, &spec);
  openapi::Ctx ctx{refs, out.warnings};
  openapi::warn_unknown_extensions(spec, out.warnings);
  auto api = openapi::to_model(ctx, spec, block);
  GW_TRY(api);
  api->spec_path = file;
  out.api = std::make_shared<const model::Api>(std::move(*api));
  return out;
}

void run_rules(const Input& in, const Options& options, std::vector<Finding>& out) {
  for (const auto& rule : all_rules()) {
    const RuleInfo& info = rule->info();
    if (!options.config.enabled(info) || (rule->needs_model() && in.api == nullptr)) {
      continue;
    }
    Sink sink(info.id, options.config.severity_of(info), out);
    rule->check(in, sink);
  }
}

}  // namespace

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    const std::string fa = a.where.file ? *a.where.file : "";
    const std::string fb = b.where.file ? *b.where.file : "";
    return std::tie(fa, a.where.line, a.where.column, a.rule, a.message) <
           std::tie(fb, b.where.line, b.where.column, b.rule, b.message);
  });
}

Result<FileReport> lint_file(const std::string& path, const Options& options) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return fail(ErrorKind::BadInput, "cannot read " + path);
  }
  std::ostringstream buf;
  buf << f.rdbuf();
  const std::string text = buf.str();
  auto file = std::make_shared<const std::string>(path);
  auto parsed = openapi::parse_yaml(text, file);
  GW_TRY(parsed);
  openapi::resolve_cloudformation(*parsed, parsed->is_map() ? parsed->find("Resources") : nullptr);
  const auto raw = std::make_shared<const openapi::Node>(std::move(*parsed));
  const openapi::Node* spec = find_spec(*raw);
  auto loaded = load_tree(raw, *spec, file, options.spec_config);
  const bool wants_deploy =
      options.config.enabled(find_rule("deploy-stage-drift")->info()) ||
      options.config.enabled(find_rule("deploy-stage-never-deployed")->info()) ||
      options.config.enabled(find_rule("deploy-canary-unknown-deployment")->info());
  const Deployments deployments = wants_deploy ? read_deployments(path, options) : Deployments{};

  Input in;
  in.api = loaded ? loaded->api.get() : nullptr;
  in.root = spec;
  in.file = file;
  in.text = text;
  in.stages = &deployments.stages;
  in.state_dir_exists = deployments.exists;
  in.deployments = wants_deploy ? &deployments.snapshots : nullptr;
  in.warnings = loaded ? &loaded->warnings : nullptr;
  in.probe = options.probe;

  FileReport report{path, {}, std::nullopt};
  std::vector<Finding> all;
  run_rules(in, options, all);
  const std::vector<IgnoreRange> ignores = inline_ignores(*in.root);
  for (Finding& finding : all) {
    if (!finding.where.file) {
      finding.where.file = file;
    }
    const Rule* rule = find_rule(finding.rule);
    const std::string_view category = rule ? rule->info().category : "";
    if (ignored(finding, category, ignores, path) || options.config.dropped(finding, category)) {
      continue;
    }
    report.findings.push_back(std::move(finding));
  }
  sort_findings(report.findings);
  if (!loaded) {
    const Error& e = loaded.error();
    const bool explained =
        std::any_of(report.findings.begin(), report.findings.end(), [&e](const Finding& x) {
          return x.severity == Severity::Error && x.where.line == e.where.line && x.where.file &&
                 e.where.file && *x.where.file == *e.where.file;
        });
    if (!explained) {
      report.fatal = e;
    }
  }
  return report;
}

}  // namespace gw::lint
