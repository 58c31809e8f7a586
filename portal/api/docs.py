"""The answers every API operation may give besides its data, for the OpenAPI schema."""

from drf_spectacular.utils import OpenApiResponse

ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="A filter is not valid: its name, with the reasons.",
)
DETAIL = OpenApiResponse(
    response={"type": "object", "properties": {"detail": {"type": "string"}}},
    description="What went wrong, in words.",
)


def list_responses(serializer):
    """200 with the data; 400 for a bad filter; 404 for a page past the end; 429."""
    return {200: serializer, 400: ERRORS, 404: DETAIL, 429: DETAIL}


def detail_responses(serializer):
    """200 with the record; 404 for an id with none; 429 when over the rate."""
    return {200: serializer, 404: DETAIL, 429: DETAIL}
