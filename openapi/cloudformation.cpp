#include "openapi/cloudformation.h"

#include <optional>
#include <string>

namespace gw::openapi {
namespace {

struct Resolver {
  const Node* resources;
  CloudFormationResult result = {};
  mutable std::string why = {};  ///< why the last Sub could not be evaluated

  /// A logical id a template could define: any plain name without a template to check.
  bool known(const std::string& logical) const {
    if (logical.empty() || logical.find("::") != std::string::npos) return false;
    return resources == nullptr || resources->find(logical) != nullptr;
  }

  std::string type_of(const std::string& logical) const {
    const Node* r = resources != nullptr ? resources->find(logical) : nullptr;
    const Node* t = r != nullptr && r->is_map() ? r->find("Type") : nullptr;
    return t != nullptr ? t->text : std::string();
  }

  std::optional<std::string> pseudo(std::string_view name) const {
    if (name == "AWS::Region") return std::string(kLocalRegion);
    if (name == "AWS::AccountId") return std::string(kLocalAccount);
    if (name == "AWS::Partition") return std::string("aws");
    if (name == "AWS::URLSuffix") return std::string("amazonaws.com");
    if (name == "AWS::StackName") return std::string("local");
    if (name == "AWS::StackId")
      return std::string("arn:aws:cloudformation:us-east-1:123456789012:stack/local/0");
    if (name == "AWS::NoValue") return std::string();
    return std::nullopt;
  }

  /// The ARN of a resource: by its type when known, else as a Lambda function (the usual case
  /// inside an API definition).
  std::string arn(const std::string& logical) const {
    const std::string type = type_of(logical);
    const std::string tail = std::string(kLocalRegion) + ":" + kLocalAccount + ":";
    if (type == "AWS::SQS::Queue") return "arn:aws:sqs:" + tail + logical;
    if (type == "AWS::SNS::Topic") return "arn:aws:sns:" + tail + logical;
    if (type == "AWS::IAM::Role")
      return std::string("arn:aws:iam::") + kLocalAccount + ":role/" + logical;
    if (type == "AWS::DynamoDB::Table") return "arn:aws:dynamodb:" + tail + "table/" + logical;
    if (type == "AWS::Kinesis::Stream") return "arn:aws:kinesis:" + tail + "stream/" + logical;
    if (type.find("StateMachine") != std::string::npos) {
      return "arn:aws:states:" + tail + "stateMachine:" + logical;
    }
    return "arn:aws:lambda:" + tail + "function:" + logical;
  }

  std::string ref(const std::string& name) const {
    if (auto p = pseudo(name)) return *p;
    if (type_of(name) == "AWS::SQS::Queue") {
      return std::string("https://sqs.") + kLocalRegion + ".amazonaws.com/" + kLocalAccount + "/" +
             name;
    }
    return name;
  }

  std::optional<std::string> get_att(const std::string& logical, const std::string& attr) const {
    if (!known(logical)) return std::nullopt;
    if (attr == "Arn") return arn(logical);
    if (attr == "QueueName" || attr == "TopicName" || attr == "Name") return logical;
    if (attr == "QueueUrl") return ref(logical);
    return logical + "." + attr;
  }

  /// `${X}` references in a Sub template; `${!X}` stays literal. nullopt when one is unknown
  /// (`vars` are the explicit variables of the list form).
  std::optional<std::string> sub(std::string_view s, const Node* vars) const {
    std::string out;
    size_t at = 0;
    while (at < s.size()) {
      size_t open = s.find("${", at);
      if (open == std::string_view::npos) break;
      size_t close = s.find('}', open);
      if (close == std::string_view::npos) break;
      out.append(s.substr(at, open - at));
      std::string name(s.substr(open + 2, close - open - 2));
      at = close + 1;
      if (!name.empty() && name[0] == '!') {
        out += "${" + name.substr(1) + "}";
        continue;
      }
      const Node* v = vars != nullptr && vars->is_map() ? vars->find(name) : nullptr;
      if (v != nullptr && v->is_scalar()) {
        out += v->text;
      } else if (name.starts_with("stageVariables.") || name.starts_with("request.") ||
                 name.starts_with("context.")) {
        out += "${" + name + "}";  // API Gateway's own, not CloudFormation's
      } else if (size_t dot = name.find('.'); dot != std::string::npos) {
        auto att = get_att(name.substr(0, dot), name.substr(dot + 1));
        if (!att) {
          why = "the template has no resource '" + name.substr(0, dot) + "'";
          return std::nullopt;
        }
        out += *att;
      } else if (auto p = pseudo(name)) {
        out += *p;
      } else if (name.find('.') == std::string::npos && known(name)) {
        out += ref(name);
      } else {
        why = "'${" + name + "}' is neither a pseudo parameter nor a resource of the template";
        return std::nullopt;
      }
    }
    out.append(s.substr(std::min(at, s.size())));
    return out;
  }

  std::optional<std::string> evaluate(const std::string& fn, Node& arg) {
    if (!arg.is_scalar()) {
      resolve(arg);  // inner expressions first
    }
    if (fn == "Ref" && arg.is_scalar()) return ref(arg.text);
    if (fn == "Fn::Sub" || fn == "Sub") {
      if (arg.is_scalar()) return sub(arg.text, nullptr);
      if (arg.is_seq() && arg.items.size() == 2 && arg.items[0].is_scalar()) {
        return sub(arg.items[0].text, &arg.items[1]);
      }
    }
    if (fn == "Fn::GetAtt" || fn == "GetAtt") {
      if (arg.is_seq() && arg.items.size() == 2)
        return get_att(arg.items[0].text, arg.items[1].text);
      if (arg.is_scalar()) {
        size_t dot = arg.text.find('.');
        if (dot != std::string::npos)
          return get_att(arg.text.substr(0, dot), arg.text.substr(dot + 1));
      }
    }
    if ((fn == "Fn::Join" || fn == "Join") && arg.is_seq() && arg.items.size() == 2 &&
        arg.items[1].is_seq()) {
      std::string out;
      const std::vector<Node>& parts = arg.items[1].items;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].is_scalar() || !parts[i].tag.empty()) return std::nullopt;
        out += (i == 0 ? "" : arg.items[0].text) + parts[i].text;
      }
      return out;
    }
    return std::nullopt;
  }

  void replace(Node& n, std::string value) {
    if (result.evaluated++ == 0) result.first = n.loc;
    SourceLoc loc = n.loc;
    n = Node{};
    n.kind = Node::Kind::String;
    n.text = std::move(value);
    n.loc = loc;
  }

  /// Replaces `n` by its value, or remembers why it has none.
  void settle(Node& n, std::optional<std::string> value) {
    if (value) {
      replace(n, std::move(*value));
    } else if (!why.empty()) {
      result.unresolved.push_back({n.loc, std::move(why)});
      why.clear();
    }
  }

  void resolve(Node& n) {
    if (!n.tag.empty()) {
      std::string fn = n.tag.substr(n.tag.starts_with("!") ? 1 : 0);
      Node arg = n;
      arg.tag.clear();
      settle(n, evaluate(fn == "Ref" ? "Ref" : "Fn::" + fn, arg));
      return;
    }
    if (n.is_map() && n.entries.size() == 1 &&
        (n.entries[0].key == "Ref" || n.entries[0].key.starts_with("Fn::"))) {
      settle(n, evaluate(n.entries[0].key, n.entries[0].value));
      return;
    }
    if (n.kind == Node::Kind::String && n.text.find("${AWS::") != std::string::npos) {
      if (auto v = sub_pseudo_only(n.text)) replace(n, std::move(*v));
      return;
    }
    for (Node& item : n.items) resolve(item);
    for (MapEntry& e : n.entries) resolve(e.value);
  }

  /// A plain string (an `AWS::Include`d spec) may use the pseudo parameters alone.
  std::optional<std::string> sub_pseudo_only(const std::string& s) const {
    std::string out;
    size_t at = 0;
    for (size_t open; (open = s.find("${AWS::", at)) != std::string::npos;) {
      size_t close = s.find('}', open);
      if (close == std::string::npos) return std::nullopt;
      auto p = pseudo(std::string_view(s).substr(open + 2, close - open - 2));
      if (!p) return std::nullopt;
      out += s.substr(at, open - at) + *p;
      at = close + 1;
    }
    return out + s.substr(at);
  }
};

}  // namespace

CloudFormationResult resolve_cloudformation(Node& root, const Node* resources) {
  Resolver r{resources};
  r.resolve(root);
  return std::move(r.result);
}

}  // namespace gw::openapi
