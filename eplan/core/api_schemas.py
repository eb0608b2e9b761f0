"""What every API input shares: a body with a field the endpoint does not know is refused
(422 naming the field) instead of being dropped without a word, so a caller who sends
`{"foreword": …}` to an endpoint that has no foreword learns it at once."""

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")
