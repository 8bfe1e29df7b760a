#pragma once

// A scripted HttpClient for tests: records every call and answers with `next` (or `error`).

#include <mutex>
#include <optional>
#include <vector>

#include "core/integrations/http_client.h"

namespace gw::testing {

class FakeHttpClient final : public HttpClient {
 public:
  Result<Response> send(const HttpCall& call) override {
    std::lock_guard lock(mu_);
    calls.push_back(call);
    if (error) {
      return std::unexpected(*error);
    }
    return next;
  }

  std::vector<HttpCall> calls;
  Response next;
  std::optional<Error> error;

 private:
  std::mutex mu_;
};

}  // namespace gw::testing
