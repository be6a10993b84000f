"""What Pydantic itself reports for a bad record, before civicdata locates it."""

from pydantic import ValidationError

from civicdata.models import Person

record = {
    "id": "jane-doe",
    "nmae": "Jane Doe",  # a typo
    "public_figure": "no",  # YAML 1.1 would have made this False; here it stays text
    "citations": [],
}
try:
    Person.model_validate(record)
except ValidationError as error:
    for problem in error.errors():
        print(problem["loc"], problem["type"])
