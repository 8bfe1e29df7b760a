#pragma once

/// CloudFormation expressions in SAM templates and in specs meant for `AWS::Include`:
/// `Fn::Sub` / `!Sub`, `Ref` / `!Ref`, `Fn::GetAtt` / `!GetAtt`, `Fn::Join` and the pseudo
/// parameters (`${AWS::Region}`, `${AWS::AccountId}`, ...) are evaluated with local values, so
/// such specs load as they are: region us-east-1, account 123456789012, and every resource named
/// by its logical id (a Lambda function `MyFn` becomes
/// `arn:aws:lambda:us-east-1:123456789012:function:MyFn`, which `x-gw.functions.MyFn` maps).
/// What cannot be evaluated (Fn::If, Fn::ImportValue, Terraform `${var}`) is left in place,
/// and the loader reports it where it matters.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "openapi/node.h"

namespace gw::openapi {

inline constexpr const char* kLocalRegion = "us-east-1";
inline constexpr const char* kLocalAccount = "123456789012";

struct CloudFormationResult {
  size_t evaluated = 0;  ///< expressions rewritten (nested ones count)
  SourceLoc first;       ///< where the first one stood
  /// Expressions left in place, with why ("the template has no resource 'X'").
  std::vector<std::pair<SourceLoc, std::string>> unresolved;
};

/// Rewrites every evaluable expression under `root` into a string scalar; `resources` is the
/// template's Resources map (for resource types), or nullptr.
CloudFormationResult resolve_cloudformation(Node& root, const Node* resources);

}  // namespace gw::openapi
