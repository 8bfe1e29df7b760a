#include "core/integrations/aws_sink.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/base/crypto.h"
#include "core/base/strings.h"
#include "core/integrations/aws_dynamodb.h"

namespace gw::integrations {

namespace {

using Json = nlohmann::ordered_json;

Response json_response(const Json& doc, std::string_view content_type = "application/json") {
  Response r;
  r.status = 200;
  r.headers.add("Content-Type", std::string(content_type));
  r.body = doc.dump();
  return r;
}

// A form-encoded (query protocol) body's parameter, or the JSON body's member.
std::string param(std::string_view body, std::string_view name) {
  for (const auto& [k, v] : parse_query(body)) {
    if (k == name) {
      return v;
    }
  }
  Json doc = Json::parse(body, nullptr, false);
  if (doc.is_object() && doc.contains(name) && doc[name].is_string()) {
    return doc[name].get<std::string>();
  }
  return "";
}

// An S3 ETag: the quoted MD5 hex of the object (appended: GCC 12 warns falsely on a + chain).
std::string etag(std::string_view body) {
  std::string out = "\"";
  out.append(crypto::to_hex(crypto::md5(body)));
  out.push_back('"');
  return out;
}

std::string no_such_key(std::string_view key) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
      "<Message>The specified key does not exist.</Message><Key>";
  out.append(key);
  out.append("</Key></Error>");
  return out;
}

}  // namespace

std::string query_action(std::string_view form_body) {
  for (const auto& [k, v] : parse_query(form_body)) {
    if (k == "Action") {
      return v;
    }
  }
  return "";
}

struct AwsSink::Tables {
  explicit Tables(std::string dir) : dynamodb(std::move(dir)) {}
  DynamoTables dynamodb;
};

AwsSink::AwsSink(std::string state_dir, Clock& clock, Random& random, AwsSinkLog log)
    : state_dir_(std::move(state_dir)),
      clock_(clock),
      random_(random),
      say_(std::move(log)),
      tables_(std::make_unique<Tables>(
          state_dir_.empty() ? "" : (std::filesystem::path(state_dir_) / "dynamodb").string())) {}

AwsSink::~AwsSink() = default;

Result<Response> AwsSink::call(AwsCall c) {
  if (c.action.empty() && (c.service == "sqs" || c.service == "sns")) {
    c.action = query_action(c.body);
  }
  if (c.service == "s3" && c.action.empty()) {
    c.action = c.method == "PUT" ? "PutObject" : c.method == "GET" ? "GetObject" : c.method;
  }
  std::lock_guard lock(mu_);
  log(c);
  return dispatch(c);
}

void AwsSink::log(const AwsCall& c) {
  if (say_) {
    say_("aws-sink: " + c.service + ":" + c.action + " " + c.body.substr(0, 200));
  }
  if (state_dir_.empty()) {
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(state_dir_, ec);
  std::ofstream out(std::filesystem::path(state_dir_) / "aws-calls.jsonl", std::ios::app);
  Json line = {{"time", format_iso8601(clock_.now())}, {"region", c.region},
               {"service", c.service},                {"action", c.action},
               {"path", c.path},                      {"request", c.body}};
  out << line.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  out.flush();
}

Result<Response> AwsSink::dispatch(const AwsCall& c) {
  const std::string& s = c.service;
  const std::string& a = c.action;
  if (s == "sqs" && a == "SendMessage") {
    std::string body = param(c.body, "MessageBody");
    return json_response(
        {{"SendMessageResponse",
          {{"ResponseMetadata", {{"RequestId", make_uuid(random_)}}},
           {"SendMessageResult",
            {{"MD5OfMessageAttributes", nullptr},
             {"MD5OfMessageBody", crypto::to_hex(crypto::md5(body))},
             {"MD5OfMessageSystemAttributes", nullptr},
             {"MessageId", make_uuid(random_)},
             {"SequenceNumber", nullptr}}}}}});
  }
  if (s == "sns" && a == "Publish") {
    return json_response({{"PublishResponse",
                           {{"PublishResult",
                             {{"MessageId", make_uuid(random_)}, {"SequenceNumber", nullptr}}},
                            {"ResponseMetadata", {{"RequestId", make_uuid(random_)}}}}}});
  }
  if (s == "dynamodb") {
    Json req = Json::parse(c.body, nullptr, false);
    auto doc = tables_->dynamodb.handle(a, req);
    if (!doc) {
      return std::unexpected(doc.error());
    }
    return json_response(*doc, "application/x-amz-json-1.0");
  }
  if (s == "states" && (a == "StartExecution" || a == "StartSyncExecution")) {
    Json req = Json::parse(c.body, nullptr, false);
    std::string machine = req.is_object() ? req.value("stateMachineArn", "") : "";
    std::string name = req.is_object() ? req.value("name", "") : "";
    if (name.empty()) {
      name = make_uuid(random_);
    }
    std::string arn = machine;
    if (size_t at = arn.find(":stateMachine:"); at != std::string::npos) {
      arn.replace(at, 14, ":execution:");
    }
    double start = static_cast<double>(epoch_ms(clock_.now())) / 1000.0;
    return json_response({{"executionArn", arn + ":" + name}, {"startDate", start}},
                         "application/x-amz-json-1.0");
  }
  if (s == "events" && a == "PutEvents") {
    Json req = Json::parse(c.body, nullptr, false);
    Json entries = Json::array();
    size_t n = req.is_object() && req.contains("Entries") && req["Entries"].is_array()
                   ? req["Entries"].size()
                   : 0;
    for (size_t i = 0; i < n; ++i) {
      entries.push_back({{"EventId", make_uuid(random_)}});
    }
    return json_response({{"Entries", entries}, {"FailedEntryCount", 0}},
                         "application/x-amz-json-1.1");
  }
  if (s == "kinesis" && a == "PutRecord") {
    std::string seq = "4962" + std::to_string(epoch_ms(clock_.now())) + "0000000000000000002";
    return json_response({{"SequenceNumber", seq}, {"ShardId", "shardId-000000000000"}},
                         "application/x-amz-json-1.1");
  }
  if (s == "s3") {
    return s3(c);
  }
  return fail(ErrorKind::BadInput,
              "the local AWS sink does not emulate " + s + ":" + (a.empty() ? c.path : a) +
                  "; set x-gw.awsServices.endpoint to forward it to LocalStack or the real "
                  "service's local twin");
}

Result<Response> AwsSink::s3(const AwsCall& c) {
  std::string key = c.path;
  if (key.empty() || key.find("..") != std::string::npos) {
    return fail(ErrorKind::BadInput, "s3: invalid object path '" + key + "'");
  }
  auto file = std::filesystem::path(state_dir_) / "s3" / key;
  Response r;
  if (c.action == "PutObject") {
    if (state_dir_.empty()) {
      memory_objects_[key] = c.body;
    } else {
      std::error_code ec;
      std::filesystem::create_directories(file.parent_path(), ec);
      std::ofstream(file, std::ios::binary | std::ios::trunc) << c.body;
    }
    r.headers.add("ETag", etag(c.body));
    return r;
  }
  if (c.action == "GetObject") {
    std::optional<std::string> body;
    if (state_dir_.empty()) {
      auto it = memory_objects_.find(key);
      body = it == memory_objects_.end() ? std::nullopt : std::optional(it->second);
    } else if (std::ifstream in(file, std::ios::binary); in) {
      body = std::string(std::istreambuf_iterator<char>(in), {});
    }
    if (!body) {
      r.status = 404;
      r.headers.add("Content-Type", "application/xml");
      r.body = no_such_key(key);
      return r;
    }
    r.headers.add("Content-Type", "application/octet-stream");
    r.headers.add("ETag", etag(*body));
    r.body = std::move(*body);
    return r;
  }
  return fail(ErrorKind::BadInput, "the local AWS sink does not emulate s3:" + c.action);
}

}  // namespace gw::integrations
