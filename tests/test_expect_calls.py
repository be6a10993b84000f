"""expect_calls: every wrong call listed, a misconception named only when every answer shows it."""

from __future__ import annotations

import pytest

from civicdata.grading.expect import Known, Mismatch, expect_calls
from tests.test_mutation import CHECK, MANIFEST

EXPECTED = {"f(1)": 1, "f(2)": 4, "f(3)": 9}
DOUBLED = Known({"f(1)": 2, "f(2)": 4, "f(3)": 6}, "you doubled instead of squaring")


def _answers(values):
    def answer(call):
        value = values[call]
        if isinstance(value, Exception):
            raise value
        return value

    return answer


def _message(values, **options):
    with pytest.raises(Mismatch) as failure:
        expect_calls(_answers(values), EXPECTED, **options)
    return str(failure.value)


def test_right_answers_pass():
    expect_calls(_answers(EXPECTED), EXPECTED, known=[DOUBLED])


def test_every_wrong_call_is_listed_with_what_came_back():
    message = _message({"f(1)": 2, "f(2)": 4, "f(3)": 6})
    assert message.splitlines()[:2] == [
        "f(1) returned 2, expected 1",
        "f(3) returned 6, expected 9",
    ]


def test_the_misconception_is_named_when_every_answer_matches_it():
    message = _message({"f(1)": 2, "f(2)": 4, "f(3)": 6}, known=[DOUBLED], hint="square it")
    assert message.splitlines()[-2:] == ["you doubled instead of squaring", "square it"]


def test_a_partial_match_names_no_misconception():
    message = _message({"f(1)": 2, "f(2)": 4, "f(3)": 7}, known=[DOUBLED])
    assert "doubled" not in message


def test_a_call_that_failed_is_listed_and_names_no_misconception():
    values = {"f(1)": 2, "f(2)": Mismatch("f(2) failed: exercise.py:3: KeyError: 2"), "f(3)": 6}
    message = _message(values, known=[DOUBLED])
    assert "f(2) failed: exercise.py:3: KeyError: 2" in message
    assert "doubled" not in message


def test_true_is_not_one():
    message = _message({"f(1)": True, "f(2)": 4, "f(3)": 9})
    assert message == "f(1) returned True, expected 1"


@pytest.mark.parametrize(
    ("got", "says"),
    [
        (["a", "c", "b", "d"], "at position 1, 'c' where 'b' was expected"),
        (["a", "b", "c"], "missing ['d']"),
        (["a", "b", "c", "d", "d"], "not expected ['d']"),
        (["a", "b", "x", "d"], "missing ['c']; not expected ['x']"),
    ],
)
def test_long_lists_say_where_they_differ(got, says):
    with pytest.raises(Mismatch) as failure:
        expect_calls(lambda _: got, {"g()": ["a", "b", "c", "d"]})
    assert says in str(failure.value)


# --- a graded call is declared once, at the check module's top level ------------------


def test_the_declared_calls_are_the_top_level_declarations_in_order_each_once():
    from civicdata.grading.calls import call, calls, declared
    from civicdata.grading.counterexample import cases

    namespace = {
        "ONE": call("f(1)"),
        "PLAIN": "f(9)",  # text is not a declaration
        "MORE": calls("f(2)", "f(1)"),
        "CASES": cases("g({data}, {0!r})", real=[("x",)]),
        "LISTED": [call("f(8)")],  # only top-level values declare
    }
    assert declared(namespace) == ["f(1)", "f(2)", "g(dataset, 'x')"]


IS_BIG_TASK = "      - {id: is_big, title: Is it over ten, points: 2}\n"
# tests/test_mutation.py's tiny manifest, with a task whose check asks an undeclared call.
TINY_MANIFEST = MANIFEST.replace(
    IS_BIG_TASK,
    IS_BIG_TASK + "      - {id: undeclared, title: A call nobody declared, points: 1}\n",
)
assert "undeclared" in TINY_MANIFEST
# Each call written once: the declaration is what the child is asked and what the check reads.
TINY_CHECK = (
    CHECK  # tests/test_mutation.py's tiny check (is_big, its two calls declared once)
    + """

@pytest.mark.task("undeclared")
def test_undeclared(judge):
    judge.expect("is_big(30)", True)
"""
)


@pytest.fixture
def tiny(sandbox):
    folder = sandbox.exercises_dir / "01_tiny"
    folder.mkdir(parents=True)
    (sandbox.exercises_dir / "manifest.yaml").write_text(TINY_MANIFEST)
    (folder / "solution.py").write_text("def is_big(value):\n    return value > 10\n")
    (folder / "exercise.py").write_text("def is_big(value):\n    return value >= 5\n")
    (folder / "test_01_tiny.py").write_text(TINY_CHECK)
    return sandbox


def _graded(project, submission):
    from civicdata.grading.manifest import load_manifest
    from civicdata.grading.runner import grade

    manifest = load_manifest(project)
    report = grade(manifest, list(manifest.exercises), submission)
    return {result.task.id: (result.status, result.message) for result in report.results}


def test_a_call_declared_once_is_all_a_check_needs(tiny):
    solved = _graded(tiny, "solution")
    assert solved["is_big"][0] == "passed"
    wrong = _graded(tiny, "student")
    assert wrong["is_big"] == ("failed", "is_big(5) returned True, expected False")


def test_a_call_no_module_declares_fails_as_a_grader_bug_saying_where_to_declare_it(tiny):
    status, message = _graded(tiny, "solution")["undeclared"]
    assert status == "failed"
    assert "'is_big(30)' is not declared" in message
    assert "NAME = call(...)" in message
