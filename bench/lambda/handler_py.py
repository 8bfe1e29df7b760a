import json


def hello(event, context):
    """GET /hello-py -> {"message":"hello"} (the same handler serverless-offline runs)."""
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": "hello"}),
    }
