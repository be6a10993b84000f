"""Exercise 11 grades a YAML file: the tasks follow the validator's stages.

The validator runs in the judge's child on a copy of the file; its findings come back as text,
with the file's fields as plain data.
"""

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.expect import Mismatch

CHECK = "record_check(student)"
# What the exercise hands out, broken (inputs of this exercise, not answers).
BROKEN_DATE = "2018-13-11"
PARAPHRASE = "That is simply unacceptable."
SPEAKER = "larry-krasner"

MISCONCEPTIONS = {
    "day_and_month_swapped": (
        "2018-11-13 reads 2018-13-11 as day 13 of month 11: the validator accepts it, but "
        "the article was published in July 2018, so Krasner cannot have said this in "
        "November. A date must be true, not just valid: check it against the article"
    ),
    "month_made_valid": (
        "2018-12-11 turns month 13 into the nearest real month: valid, but false. The "
        "article (July 2018) says he spoke 'Wednesday morning'; date the claim by the "
        "article, e.g. 2018-07"
    ),
    "quote_paraphrased": (
        "'That is simply unacceptable.' means the same but is not what the article prints: "
        "a quote is the article's exact words. Copy them from the seed file"
    ),
    "speaker_named_not_referenced": (
        "The speaker is a reference: it holds the id of a person record (lower case, "
        "hyphens), not the person's name: each person is civicdata/data/person/<id>.yaml"
    ),
}


def _field(data, *path):
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and len(data) > step:
            data = data[step]
        else:
            return None
    return data


def _diagnosis(found, dataset):
    """Explanations for the known-wrong values the file's fields hold (none for others)."""
    data = found.get("data") or {}
    year, month, day = BROKEN_DATE.split("-")
    known = [
        (("date",), f"{year}-{day}-{month}", "day_and_month_swapped"),
        (("date",), f"{year}-12-{day}", "month_made_valid"),
        (("citations", 0, "quote"), PARAPHRASE, "quote_paraphrased"),
        (("speaker",), dataset.name_of(SPEAKER), "speaker_named_not_referenced"),
    ]
    return [MISCONCEPTIONS[name] for path, value, name in known if _field(data, *path) == value]


def _fail(message, found, dataset):
    raise Mismatch("\n".join([message, *_diagnosis(found, dataset)]))


def _stage(judge, dataset, stage, before=""):
    found = judge(CHECK)
    if found["parse"]:
        _fail(before + found["parse"], found, dataset)
    if stage == "fields" and found["fields"]:
        _fail(before + found["fields"], found, dataset)
    return found


def _fail_with(found, dataset, words=None):
    for problem in found["problems"]:
        if words is None or any(word in problem["message"] for word in words):
            _fail(problem["text"], found, dataset)


@pytest.mark.task("parses")
@pytest.mark.calls(CHECK)
def test_parses(judge, dataset):
    _stage(judge, dataset, "parse")


@pytest.mark.task("fields_valid")
@pytest.mark.calls(CHECK)
def test_fields_valid(judge, dataset):
    _stage(judge, dataset, "fields")


@pytest.mark.task("references_resolve")
@pytest.mark.calls(CHECK)
def test_references_resolve(judge, dataset):
    found = _stage(
        judge, dataset, "fields", "references are checked once every field is valid; first fix "
    )
    _fail_with(found, dataset, ["no record", "this field takes"])


@pytest.mark.task("quotes_match")
@pytest.mark.calls(CHECK)
def test_quotes_match(judge, dataset):
    found = _stage(
        judge, dataset, "fields", "quotes are checked once every field is valid; first fix "
    )
    _fail_with(found, dataset, ["quote not found", "`quote` is not found", "too short"])


@pytest.mark.task("date_fits_article")
@pytest.mark.calls(CHECK)
def test_date_fits_article(judge, dataset):
    found = _stage(
        judge, dataset, "fields", "the date is checked once every field is valid; first fix "
    )
    date = PartialDate.parse(str(found["data"]["date"]))
    for citation in found["data"].get("citations") or []:
        source = citation.get("source")
        published = getattr(dataset.get(source), "published", None) if source in dataset else None
        if published is not None and not date.overlaps(published):
            _fail(
                f"date: {date} cannot be right: the article quoted ({source}) was published "
                f"in {published}, and the words were said then",
                found,
                dataset,
            )


@pytest.mark.task("validates")
@pytest.mark.calls(CHECK)
def test_validates(judge, dataset):
    _fail_with(_stage(judge, dataset, "parse"), dataset)
