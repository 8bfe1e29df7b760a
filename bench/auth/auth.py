def handler(event, context):
    return {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]},
        "context": {"tier": "gold"}}
