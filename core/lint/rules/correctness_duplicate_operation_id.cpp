// correctness-duplicate-operation-id: two operations share an operationId
#include <map>

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-duplicate-operation-id", "correctness", Severity::Error,
    "two operations share an operationId",
    R"doc(operationIds must be unique in a document: API Gateway import rejects duplicates, and
SDK generators and documentation tools key on them.

Bad:
  /pets: {get: {operationId: listPets}}
  /cats: {get: {operationId: listPets}}
Good:
  /cats: {get: {operationId: listCats}})doc"};

class DuplicateOperationId final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    std::map<std::string, const model::Operation*> seen;
    for (const auto& op : api.operations) {
      if (op.operation_id.empty()) {
        continue;
      }
      auto [it, fresh] = seen.emplace(op.operation_id, &op);
      if (!fresh) {
        out.report(op, loc_of(op_node(in, op), "operationId", op.where),
                   "operationId '" + op.operation_id + "' is also used by " + it->second->method +
                       " " + it->second->path);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_duplicate_operation_id() {
  return std::make_unique<DuplicateOperationId>();
}

}  // namespace gw::lint::rules
