"""Exercise 11 grades a YAML file: the tasks follow the validator's stages."""

import pytest
from pydantic import ValidationError

from civicdata.grading.expect import Mismatch
from civicdata.models import MODELS
from civicdata.problems import format_text
from civicdata.strict_yaml import YamlProblem
from civicdata.strict_yaml import load as load_yaml
from civicdata.validate import validate


def _parsed(path):
    try:
        return load_yaml(path)
    except YamlProblem as problem:
        raise Mismatch(
            f"{path.name}:{problem}" + (f" (hint: {problem.hint})" if problem.hint else "")
        ) from None


def _problems(dataset, path, words):
    report = validate(dataset.project, [path])
    return [p for p in report.problems if any(w in p.message for w in words)]


def _fail_with(problems):
    if problems:
        raise Mismatch(format_text(problems[0]).replace("\n    ", " "))


@pytest.mark.task("parses")
def test_parses(submission_path):
    _parsed(submission_path)


def _fields_valid(path, prefix=""):
    data = _parsed(path)
    try:
        MODELS["claim"].model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise Mismatch(f"{prefix}{where}: {first['msg']}") from None


@pytest.mark.task("fields_valid")
def test_fields_valid(submission_path):
    _fields_valid(submission_path)


@pytest.mark.task("references_resolve")
def test_references_resolve(submission_path, dataset):
    _fields_valid(submission_path, "references are checked once every field is valid; first fix ")
    _fail_with(_problems(dataset, submission_path, ["no record", "this field takes"]))


@pytest.mark.task("quotes_match")
def test_quotes_match(submission_path, dataset):
    _fields_valid(submission_path, "quotes are checked once every field is valid; first fix ")
    _fail_with(
        _problems(
            dataset, submission_path, ["quote not found", "`quote` is not found", "too short"]
        )
    )


@pytest.mark.task("validates")
def test_validates(submission_path, dataset):
    report = validate(dataset.project, [submission_path])
    _fail_with(report.problems)
