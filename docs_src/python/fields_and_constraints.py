"""Pydantic fields: optional, constrained, described, and strict about types."""

from pydantic import BaseModel, Field, StrictInt, ValidationError

from civicdata.models import Event


class Page(BaseModel):
    lenient: int  # Pydantic turns the text "12" into the number 12
    strict: StrictInt  # only a real whole number will do
    words: int | None = Field(default=None, ge=1, description="How many words, if known.")


print(Page(lenient="12", strict=12))
for bad in ({"lenient": 1, "strict": "12"}, {"lenient": 1, "strict": 1, "words": 0}):
    try:
        Page(**bad)
    except ValidationError as error:
        print([(problem["loc"], problem["type"]) for problem in error.errors()])
print(Page.model_json_schema()["properties"]["words"])

# civicdata's models are built the same way; a subclass adds fields to them.
for name in ("date", "location", "participants"):
    field = Event.model_fields[name]
    print(name, "required" if field.is_required() else "optional", "-", field.description)
