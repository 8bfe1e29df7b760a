// The yardstick for `gw serve`: a bare cpp-httplib 0.11.4 server answering the same bytes as the
// hello mock, with the same socket settings gw uses (TCP_NODELAY, unlimited keep-alive).
// Built by bench/serve.sh; not part of gw.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

int main(int argc, char** argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 18081;
  size_t threads = argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 16;
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  server.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"message":"hello"})", "application/json");
  });
  if (!server.listen("127.0.0.1", port)) {
    std::fprintf(stderr, "bare_httplib: cannot listen on %d\n", port);
    return 4;
  }
  return 0;
}
