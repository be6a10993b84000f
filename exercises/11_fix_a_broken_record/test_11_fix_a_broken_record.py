"""Exercise 11 grades a YAML file: the tasks follow the validator's stages.

The validator runs in the judge's child on a copy of the file; its findings come back as text,
with the file's fields as plain data.
"""

import datetime as dt
import re

import pytest

from civicdata.corpus import normalise
from civicdata.dates import PartialDate, Precision
from civicdata.grading.calls import call
from civicdata.grading.expect import Mismatch

CHECK = call("record_check(student)")
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
    "thursday_for_wednesday": (
        "A day must agree with the article's words: it says 'Wednesday morning', and even "
        "then it does not say which Wednesday of July 2018. Date the claim 2018-07"
    ),
    "year_only": (
        "Keep the precision the text supports, no more and no less (docs/curation.md, Dates)"
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
def test_parses(judge, dataset):
    _stage(judge, dataset, "parse")


@pytest.mark.task("fields_valid")
def test_fields_valid(judge, dataset):
    _stage(judge, dataset, "fields")


@pytest.mark.task("references_resolve")
def test_references_resolve(judge, dataset):
    found = _stage(
        judge, dataset, "fields", "references are checked once every field is valid; first fix "
    )
    _fail_with(found, dataset, ["no record", "this field takes"])


@pytest.mark.task("quotes_match")
def test_quotes_match(judge, dataset):
    found = _stage(
        judge, dataset, "fields", "quotes are checked once every field is valid; first fix "
    )
    _fail_with(found, dataset, ["quote not found", "`quote` is not found", "too short"])


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SAID_ON = re.compile(r"\bsaid (" + "|".join(WEEKDAYS) + r")\b")


def _said_on(dataset, source, quote):
    """The weekday the article says the quoted words were said on, if it says one."""
    seed = dataset.corpus.get(dataset.get(source).file)
    wanted = normalise(quote)
    for paragraph in seed.text.split("\n"):
        if wanted in normalise(paragraph) and (match := SAID_ON.search(paragraph)):
            return match.group(1)
    return None


def _supported(published, weekday):
    """The date an article of ``published`` supports for words said on ``weekday``.

    A weekday resolves to a day only when the article's own day is known (the
    latest such weekday on or before it); otherwise the article's date, at its
    own precision, is all the text gives.
    """
    if weekday is None or published.precision != Precision.DAY:
        return published
    day = published.first_day
    back = (day.weekday() - WEEKDAYS.index(weekday)) % 7
    found = day - dt.timedelta(days=back)
    return PartialDate(found.year, found.month, found.day)


def _date_problem(date, published, weekday, source, event_date):
    """Why ``date`` is not what the cited article supports, or None."""
    supported = _supported(published, weekday)
    if date == supported or (event_date is not None and date == event_date):
        return None
    if not date.overlaps(published):
        return (
            f"date: {date} cannot be right: the article quoted ({source}) was published "
            f"in {published}, and the words were said then"
        )
    said = f"that he spoke on a {weekday}" if weekday else "no day"
    if date.contains(supported) and date != supported:
        return (
            f"date: {date} is true but vaguer than the article: it was published in "
            f"{published} and says {said}, so the date it supports is {supported}. "
            + MISCONCEPTIONS["year_only"]
        )
    if (
        date.precision == Precision.DAY
        and weekday
        and WEEKDAYS[date.first_day.weekday()] != weekday
    ):
        return (
            f"date: {date} is a {WEEKDAYS[date.first_day.weekday()]}, but the article says he "
            f"spoke on a {weekday}. " + MISCONCEPTIONS["thursday_for_wednesday"]
        )
    return (
        f"date: {date} is more precise than the article: it is dated {published} and says "
        f"{said}, which does not say which day. Write {supported}, or link the claim with "
        "`event:` to a recorded event whose date another article gives"
    )


@pytest.mark.task("date_fits_article")
def test_date_fits_article(judge, dataset):
    found = _stage(
        judge, dataset, "fields", "the date is checked once every field is valid; first fix "
    )
    data = found["data"]
    if data.get("date") is None:
        _fail(
            "the claim has no date: the article dates these words (it was published in July "
            "2018 and says he spoke on a Wednesday), so the record keeps the date it supports",
            found,
            dataset,
        )
    date = PartialDate.parse(str(data["date"]))
    event = data.get("event")
    linked = getattr(dataset.get(event), "date", None) if event in dataset else None
    problems = []
    for citation in data.get("citations") or []:
        source = citation.get("source")
        published = getattr(dataset.get(source), "published", None) if source in dataset else None
        if published is None:
            continue
        weekday = _said_on(dataset, source, str(citation.get("quote", "")))
        # A linked event's day counts only when it is when this article says he spoke.
        event_date = (
            linked
            if linked is not None
            and published.contains(linked)
            and (weekday is None or WEEKDAYS[linked.first_day.weekday()] == weekday)
            else None
        )
        problem = _date_problem(date, published, weekday, source, event_date)
        if problem is None:
            return  # a date one cited article supports
        problems.append(problem)
    _fail(
        problems[0]
        if problems
        else "the date is checked against the article the claim cites: cite it first",
        found,
        dataset,
    )


@pytest.mark.task("validates")
def test_validates(judge, dataset):
    _fail_with(_stage(judge, dataset, "parse"), dataset)
