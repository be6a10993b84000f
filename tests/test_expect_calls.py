"""expect_calls: every wrong call listed, a misconception named only when every answer shows it."""

from __future__ import annotations

import pytest

from civicdata.grading.expect import Known, Mismatch, expect_calls

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
