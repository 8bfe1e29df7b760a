#pragma once

// Waiting for something another thread or process does: polls every 10 ms, for at most 20 s
// (a bound, never a sleep for luck).

#include <chrono>
#include <thread>

namespace gw::testing {

/// Whether `done()` came to hold within 20 s.
template <class F>
bool eventually(F done) {
  using namespace std::chrono_literals;
  const auto limit = std::chrono::steady_clock::now() + 20s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > limit) {
      return false;
    }
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

}  // namespace gw::testing
