"""A stand-in for a handler decorated with `@lambda_handler`: it has `invoke_raw`."""

import json


class FakeDecorated:
    def __init__(self):
        self.calls = 0

    def __call__(self, event, context):
        raise AssertionError("the runtime must use invoke_raw")

    def invoke_raw(self, payload, context):
        self.calls += 1
        event = json.loads(payload)
        if event.get("fail"):
            body = json.dumps({"errorMessage": "declined", "errorType": "Declined"}).encode()
            return body, "Declined"
        if event.get("bad_return"):
            return "not bytes", None
        if event.get("raise"):
            raise RuntimeError("invoke_raw must not raise, but this one does")
        return json.dumps(
            {"raw": event, "calls": self.calls, "id": context.aws_request_id}
        ).encode(), None


handler = FakeDecorated()
