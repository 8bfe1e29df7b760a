#include "core/lambda/remote.h"

#include "core/base/base64.h"

#include <httplib.h>

namespace gw::lambda {

namespace {

// "http://host:port/base" -> ("http://host:port", "/base").
std::pair<std::string, std::string> split_url(const std::string& url) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) {
    return {url, ""};
  }
  std::string base = url.substr(path);
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return {url.substr(0, path), base};
}

}  // namespace

Result<InvokeOutput> invoke_remote(const Invocation& inv, const std::string& request_id) {
  const model::FunctionConfig& fn = *inv.function;
  auto [origin, base] = split_url(fn.url);
  httplib::Client client(origin);
  if (!client.is_valid()) {
    return fail(ErrorKind::BadInput, "function '" + fn.name + "' has a bad url '" + fn.url + "'",
                fn.where);
  }
  auto ms = inv.caller_timeout.count();
  client.set_connection_timeout(ms / 1000, (ms % 1000) * 1000);
  client.set_read_timeout(ms / 1000, (ms % 1000) * 1000);
  client.set_tcp_nodelay(true);
  httplib::Headers headers = {{"X-Amz-Invocation-Type", "RequestResponse"}};
  if (!inv.client_context.empty()) {
    headers.emplace("X-Amz-Client-Context", base64_encode(inv.client_context));  // Invoke API
  }
  const std::string path = base + "/2015-03-31/functions/" + fn.name + "/invocations";
  if (!inv.trace_id.empty()) {
    headers.emplace("X-Amzn-Trace-Id", inv.trace_id);  // Invoke API's tracing header
  }
  httplib::Result res = client.Post(path, headers, inv.payload, "application/json");
  if (!res) {
    if (res.error() == httplib::Error::Read) {
      return fail(ErrorKind::Timeout,
                  "function '" + fn.name + "' at " + fn.url + " did not answer in time");
    }
    return fail(ErrorKind::Failure, "function '" + fn.name + "' at " + fn.url +
                                        " is unreachable: " + httplib::to_string(res.error()));
  }
  if (res->status < 200 || res->status > 299) {
    return fail(ErrorKind::Failure, "the Invoke API at " + fn.url + " answered " +
                                        std::to_string(res->status) + ": " + res->body);
  }
  InvokeOutput out;
  out.payload = res->body;
  out.function_error = res->has_header("X-Amz-Function-Error");
  out.request_id = res->get_header_value("x-amzn-RequestId");
  if (out.request_id.empty()) {
    out.request_id = request_id;
  }
  return out;
}

}  // namespace gw::lambda
