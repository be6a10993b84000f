"""Exercise 11 grades a YAML file: the tasks follow the validator's stages.

The validator runs in the judge's child on a copy of the file; its findings come back as text.
"""

import pytest

from civicdata.grading.expect import Mismatch

CHECK = "record_check(student)"


def _stage(judge, stage, before=""):
    found = judge(CHECK)
    if found["parse"]:
        raise Mismatch(before + found["parse"])
    if stage == "fields" and found["fields"]:
        raise Mismatch(before + found["fields"])
    return found


def _fail_with(problems, words=None):
    for problem in problems:
        if words is None or any(word in problem["message"] for word in words):
            raise Mismatch(problem["text"])


@pytest.mark.task("parses")
@pytest.mark.calls(CHECK)
def test_parses(judge):
    _stage(judge, "parse")


@pytest.mark.task("fields_valid")
@pytest.mark.calls(CHECK)
def test_fields_valid(judge):
    _stage(judge, "fields")


@pytest.mark.task("references_resolve")
@pytest.mark.calls(CHECK)
def test_references_resolve(judge):
    found = _stage(judge, "fields", "references are checked once every field is valid; first fix ")
    _fail_with(found["problems"], ["no record", "this field takes"])


@pytest.mark.task("quotes_match")
@pytest.mark.calls(CHECK)
def test_quotes_match(judge):
    found = _stage(judge, "fields", "quotes are checked once every field is valid; first fix ")
    _fail_with(found["problems"], ["quote not found", "`quote` is not found", "too short"])


@pytest.mark.task("validates")
@pytest.mark.calls(CHECK)
def test_validates(judge):
    _fail_with(_stage(judge, "parse")["problems"])
