"""A differing answer is shown on its smallest generated dataset, with a misconception
named only when that misconception's code gives every answer the student gave."""

from __future__ import annotations

import pytest

from civicdata import load
from civicdata.grading.counterexample import Known, cases
from civicdata.grading.expect import Mismatch
from civicdata.grading.generate import SEEDS, build
from civicdata.grading.judge import Answer
from tests.conftest import REPO

DATASET = load(REPO)


class FakeJudge:
    """Answers calls in this process with ``student``: only for testing the messages."""

    def __init__(self, student):
        self.student = student
        self.asked = 0
        self.run = None

    def _evaluate(self, call):
        names = {
            "dataset": DATASET,
            "generated": lambda f, s, drop=(): build(DATASET.project, f, s, drop),
            "claims_by_speaker": self.student,
        }
        try:
            return Answer(value=eval(call, {"__builtins__": {}}, names))
        except Exception as error:
            return Answer(error=f"{type(error).__name__}: {error}")

    def answer(self, call):
        return self._evaluate(call)

    def ask(self, calls):
        self.asked += 1
        return {call: self._evaluate(call) for call in calls}


def right(data, speaker):
    claims = [c for c in data.claims if c.speaker == speaker]
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date.sort_key(), c.id))
    return [c.id for c in dated] + sorted(c.id for c in claims if c.date is None)


def no_tie_break(data, speaker):
    claims = [c for c in data.claims if c.speaker == speaker]
    dated = sorted((c for c in claims if c.date), key=lambda c: c.date.sort_key())
    return [c.id for c in dated] + sorted(c.id for c in claims if c.date is None)


CASES = cases(
    "claims_by_speaker({data}, {0!r})",
    real=[("larry-krasner",)],
    family="02",
    seeds=SEEDS,
    generated=lambda plan: [(s,) for s in plan.asks["speakers"]],
)
TIE = Known("ties need the id", no_tie_break)
TEXT = Known("dates as text", lambda d, s: sorted(right(d, s), key=str))


def test_a_right_answer_passes_without_asking_again():
    judge = FakeJudge(right)
    CASES.check(judge, DATASET, right, known=[TIE])
    assert judge.asked == 0


def test_a_wrong_answer_shows_its_smallest_dataset_and_the_misconception_it_shows():
    judge = FakeJudge(no_tie_break)
    with pytest.raises(Mismatch) as failed:
        CASES.check(judge, DATASET, right, known=[TEXT, TIE])
    message = str(failed.value)
    assert judge.asked >= 1
    assert "A counterexample, a generated dataset of" in message
    shown = [line for line in message.splitlines() if line.startswith("  claim ")]
    assert len(shown) == 2  # two claims of one date, listed against id order: nothing else
    assert "drop=(" in message and "returned [" in message and "expected [" in message
    assert "ties need the id" in message
    assert "dates as text" not in message  # it does not reproduce every answer


def test_no_misconception_is_named_when_none_reproduces_the_answers():
    judge = FakeJudge(lambda data, speaker: list(reversed(right(data, speaker))))
    with pytest.raises(Mismatch) as failed:
        CASES.check(judge, DATASET, right, known=[TEXT, TIE])
    assert "ties need the id" not in str(failed.value)
    assert "dates as text" not in str(failed.value)


def test_one_error_is_told_once_with_how_many_calls_it_failed():
    def crashes(data, speaker):
        raise KeyError("date")

    judge = FakeJudge(crashes)
    with pytest.raises(Mismatch) as failed:
        CASES.check(judge, DATASET, right, known=[TIE])
    message = str(failed.value)
    assert message.count("KeyError") == 1, message
    assert "fails the same way on 20 of the 20 generated datasets" in message


def test_a_shrunk_dataset_keeps_the_records_the_call_names():
    def crashes_on_undated(data, speaker):
        return [c.date.sort_key() and c.id for c in data.claims if c.speaker == speaker]

    judge = FakeJudge(crashes_on_undated)
    with pytest.raises(Mismatch) as failed:
        CASES.check(judge, DATASET, right)
    message = str(failed.value)
    speaker = message.split("), '")[1].split("'")[0]
    assert f"person {speaker}:" in message, message
    assert "AttributeError" in message
