#include "core/integrations/lambda_uri.h"

#include <doctest/doctest.h>


using gw::integrations::lambda_function_name;

TEST_SUITE("gw::integrations::lambda_function_name") {
  TEST_CASE("the apigateway invocation uri with a function ARN") {
    CHECK(lambda_function_name(
              "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:Hello/invocations") == "Hello");
  }
  TEST_CASE("aliases and versions are dropped") {
    CHECK(lambda_function_name("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
                               "arn:aws:lambda:eu-west-1:1:function:Hello:prod/invocations") ==
          "Hello");
    CHECK(lambda_function_name("arn:aws:lambda:us-east-1:123456789012:function:Hello:7") ==
          "Hello");
    CHECK(lambda_function_name("Hello:live") == "Hello");
  }
  TEST_CASE("plain names, partial ARNs and names inside the invocation uri") {
    CHECK(lambda_function_name("Hello") == "Hello");
    CHECK(lambda_function_name("123456789012:function:Hello") == "Hello");
    CHECK(lambda_function_name(
              "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/Hello/invocations") ==
          "Hello");
  }
  TEST_CASE("uris naming no function") {
    CHECK_FALSE(lambda_function_name("").has_value());
    CHECK_FALSE(
        lambda_function_name("arn:aws:apigateway:us-east-1:sqs:path/123/queue").has_value());
    CHECK_FALSE(lambda_function_name("arn:aws:s3:::bucket").has_value());
    CHECK_FALSE(lambda_function_name("arn:aws:lambda:us-east-1:1:function:").has_value());
  }
}

