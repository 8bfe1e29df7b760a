#pragma once

/// `gw replay`'s engine: each recorded request through the real Gateway, with the clock frozen
/// at the exchange's time and the random source seeded from its id, so results are identical on
/// any machine, at any time, for any number of jobs. One Gateway per job thread. Offline, the
/// backends answer from the recording (recorded_backends.h); live, the given real ones do.
/// Hermetic: each job thread has its own in-memory state store (buckets, quota counters) and
/// AWS sink, and writes no file. Lambda authorizers answer every exchange from its own
/// recording (cached answers included), whatever the shard or job order.
/// Known limit: throttling, quota and stage-cache state live in each thread's Gateway, so a
/// recording whose answers depend on earlier exchanges (a stage-cache hit, a 429) is only exact
/// with --jobs 1.

#include <memory>
#include <string>
#include <vector>

#include "core/integrations/http_client.h"
#include "core/lambda/invoker.h"
#include "core/model/api.h"
#include "core/pipeline/canary_split.h"
#include "core/replay/compare.h"
#include "core/replay/recording.h"

namespace gw::replay {

struct ReplayOptions {
  std::string stage;  ///< Gateway's only_stage ("" = every stage)
  /// The stages' canaries: an exchange recorded as a canary's replays on that stage's canary.
  std::vector<pipeline::CanaryModel> canaries;
  int jobs = 1;
  int shard_index = 1;  ///< 1-based
  int shard_count = 1;
  std::vector<std::string> filters;  ///< route globs ("GET /pets/*", "/orders*"); empty = all
  CompareOptions compare;
  /// Real backends for --live (both nullptr = offline, answered from the recording).
  HttpClient* live_http = nullptr;
  lambda::LambdaInvoker* live_lambda = nullptr;
};

enum class Outcome { Passed, Failed, Skipped };

struct ExchangeResult {
  const Entry* entry = nullptr;
  Outcome outcome = Outcome::Skipped;
  std::vector<std::string> problems;  ///< printable blocks, each ending in '\n'
  Response actual;                    ///< the replayed response (not for Skipped)
  std::vector<IntegrationCall> calls;  ///< the calls the replay made
  std::string route;                   ///< the route the replay matched
  double ms = 0;                       ///< time taken (reports only, never compared)
};

/// True when the exchange's route or "METHOD path" matches one of the globs (or none given).
bool matches_filter(const Entry& entry, const std::vector<std::string>& filters);

/// The entries of this shard, in order (index i goes to shard i % count + 1).
std::vector<const Entry*> shard_of(const std::vector<const Entry*>& all, int index, int count);

/// Replays entries; results come back in the order of entries whatever options.jobs is.
std::vector<ExchangeResult> run_replay(std::shared_ptr<const model::Api> api,
                                       const std::vector<const Entry*>& entries,
                                       const ReplayOptions& options);

}  // namespace gw::replay
