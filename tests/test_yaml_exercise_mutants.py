"""The YAML exercises prove themselves: every field of a reference answer, changed to a
plausible wrong value, loses points (issue 20, item 4).

The mutants are generated from the reference files, field by field, with the
wrong values a student plausibly writes: a date with invented precision or with
less than the text gives, another kind, speaker or actor, a role with no end or
an end the article does not give, an evaluative word in the dataset's own
voice, a quote that is another sentence or not in the article, another source,
a missing citation. Each is graded by the exercise's own checks (every public
and hidden task, the same functions ``civicdata grade`` runs) on the findings
of the same probe the judge's child runs (``record_check``/``records_check``).
They run here in one process so that some sixty gradings take seconds; one
mutant per exercise is also graded by ``civicdata grade`` itself, and must
score the same. A few changes are right answers too (a Wednesday given by a
linked event, a policy of kind ``other``): those must keep full marks, so the
checks are shown to reject what is wrong, not whatever differs.
"""

from __future__ import annotations

import copy
import importlib.util
import inspect
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from civicdata.grading import probes
from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from civicdata.strict_yaml import load as load_yaml
from tests.conftest import REPO, clean_files_parsed_once, grade_here

# Its module-scoped fixtures are costly: under pytest-xdist one worker runs them all.
pytestmark = pytest.mark.xdist_group("yaml-mutants")

MANIFEST = load_manifest(Project(REPO))
ELEVEN = MANIFEST.find("11")
TWELVE = MANIFEST.find("12")
SOURCE = "article-2018-07-end-ice-access-to-pars"
OTHER_SOURCE = "ap-2018-07-11-prosecutor-says-no-to-renewal"
# A sentence of the same paragraph that states another fact (Harris's visit).
OTHER_SENTENCE = "Harris will join Pennsylvania Democratic Sen. Bob Casey later this week"
WRONG_KIND = {"claim": "allegation", "event": "debate", "policy": "sanctuary_policy"}
OTHER_ACTOR = {
    "lou-barletta": "bob-casey",
    "bob-casey": "kamala-harris",
    "outlet-of-2018-pars-article": "lou-barletta",
    "larry-krasner": "philadelphia-district-attorneys-office",
}
DATE_KEYS = ("date", "start", "end", "ended_by", "end_date")
VOICE_KEYS = ("title", "summary", "description", "notes", "note")

Mutant = tuple[str, Callable[[dict[str, dict]], None]]


# --- the checks, run as the grader runs them ------------------------------------------


def _checks(exercise) -> list[tuple[str, Callable, Any]]:
    """Every task's check function of an exercise, with the module that defines it."""
    found = []
    for path in sorted(MANIFEST.folder(exercise).glob("test_*.py")):
        spec = importlib.util.spec_from_file_location(f"mutants_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        with warnings.catch_warnings():  # the marks are the grading plugin's, not loaded here
            warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
            spec.loader.exec_module(module)
        for name, function in vars(module).items():
            marks = getattr(function, "pytestmark", [])
            for mark in marks:
                if name.startswith("test_") and mark.name == "task":
                    found.append((mark.args[0], function, module))
    return found


def _call(function: Callable, module: Any, given: dict[str, Any]) -> Any:
    """Call a check or fixture with its arguments resolved as pytest would."""
    arguments = {}
    for name in inspect.signature(function).parameters:
        if name in given:
            arguments[name] = given[name]
        else:
            fixture = getattr(module, name)
            arguments[name] = _call(fixture.__wrapped__, module, given)
    return function(**arguments)


class _Judge:
    """The judge fixture's interface: a declared call gives the probe's plain answer."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    def __call__(self, call: str) -> Any:
        return copy.deepcopy(self.answers[call])


@contextmanager
def grading(work: Path) -> Iterator[Callable[[Any, Path], tuple[int, dict[str, str]]]]:
    """A grader of exercises 11 and 12 working in ``work``: grade(exercise, submission).

    It returns the score and each failed task's message. The probes validate
    inside the judge's work folder, as in the child, so ``work`` is the working
    folder while it is in use, and submissions must be written inside it.
    """
    before = Path.cwd()
    os.chdir(work)
    parsed: dict[tuple[Path, bytes], Any] = {}  # the dataset's clean files, kept across gradings
    try:
        context = probes.Context(REPO, work)
        helpers = probes.names(context)
        checks = {exercise.id: _checks(exercise) for exercise in (ELEVEN, TWELVE)}
        points = {
            exercise.id: {task.id: task.points for task in exercise.tasks}
            for exercise in (ELEVEN, TWELVE)
        }

        def grade(exercise, submission: Path) -> tuple[int, dict[str, str]]:
            call, probe = (
                ("record_check(student)", helpers["record_check"])
                if exercise is ELEVEN
                else ("records_check(student)", helpers["records_check"])
            )
            with clean_files_parsed_once(parsed):
                judge = _Judge({call: probe(submission)})
            score, failures = 0, {}
            for task, function, module in checks[exercise.id]:
                try:
                    _call(function, module, {"judge": judge, "dataset": context.dataset})
                except AssertionError as failure:  # Mismatch is one
                    failures[task] = str(failure)
                else:
                    score += points[exercise.id][task]
            return score, failures

        grade.work = work
        yield grade
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def grader(tmp_path_factory):
    """Grades a submission with the exercise's checks; returns (score, failures)."""
    with grading(tmp_path_factory.mktemp("judge")) as grade:
        yield grade


def survivors(grade, exercise) -> tuple[int, list[str]]:
    """How many mutants of ``exercise`` were graded, and those that kept full marks."""
    if exercise is TWELVE:
        graded = [
            (name, grade(TWELVE, _twelve(grade.work / f"m12-{number}", change)))
            for number, (name, change) in enumerate(TWELVE_MUTANTS)
        ]
    else:
        graded = [
            (name, grade(ELEVEN, _eleven(grade.work / f"m11-{number}", changes)))
            for number, (name, changes) in enumerate(ELEVEN_MUTANTS)
        ]
    for name, (score, failures) in graded:
        assert score >= exercise.max_score or all(failures.values()), f"{name}: no message"
    return len(graded), [name for name, (score, _) in graded if score >= exercise.max_score]


# --- mutants of exercise 12's records, generated field by field -----------------------


def _records(folder: Path) -> dict[str, dict]:
    return {
        path.relative_to(folder).as_posix(): load_yaml(path)
        for path in sorted(folder.glob("*/*.yaml"))
    }


# libyaml's emitter where PyYAML has it: a fifth of the time of the pure-Python one,
# for the eighty mutants' files (the reference, dumped so, still scores the maximum).
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)


def _write(records: dict[str, dict], folder: Path) -> None:
    for relative, data in records.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(data))


def _wrong_dates(value: Any) -> Iterator[str]:
    """Invented precision and lost precision for a partial date."""
    text = str(value)
    if len(text) == 4:
        yield f"{text}-11-06"  # a day no text gives (election day)
        yield f"{text}-07"
    elif len(text) == 7:
        yield f"{text}-11"  # a day of the month
        yield text[:4]  # less than the text gives
    else:
        yield text[:7]


def _set(path: tuple, value: Any) -> Callable[[dict], None]:
    def change(records: dict) -> None:
        target = records
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _delete(path: tuple) -> Callable[[dict], None]:
    def change(records: dict) -> None:
        target = records
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def _field_mutants(records: dict[str, dict]) -> Iterator[Mutant]:
    """One plausible wrong value per field (several for dates and quotes)."""

    def walk(value: Any, path: tuple) -> Iterator[Mutant]:
        name = f"{path[0].split('/')[1].removesuffix('.yaml')}:{'.'.join(map(str, path[1:]))}"
        key = path[-1]
        if isinstance(value, dict):
            is_role = len(path) > 2 and path[-2] == "roles"
            if is_role and "Hazleton" not in value["title"] and "start" not in value:
                yield f"{name}.start=2011", _set((*path, "start"), 2011)
                yield f"{name}.end=2018", _set((*path, "end"), 2018)
            for child, inner in value.items():
                yield from walk(inner, (*path, child))
            return
        if isinstance(value, list):
            if key == "citations":
                yield f"{name}=[] (no citation)", _delete(path)
            if key == "participants":
                yield f"{name} without Casey", _set(path, value[1:])
            for number, inner in enumerate(value):
                yield from walk(inner, (*path, number))
            return
        if key in DATE_KEYS:
            for wrong in _wrong_dates(value):
                yield f"{name}={wrong}", _set(path, wrong)
            if key == "ended_by":
                yield f"{name} removed (a role with no end)", _delete(path)
                parent = path[:-1]
                yield (
                    f"{name} as end: {value}",
                    lambda r, p=parent, v=value: (
                        _delete((*p, "ended_by"))(r),
                        _set((*p, "end"), v)(r),
                    ),
                )
                yield (
                    f"{name} as end: 2024",
                    lambda r, p=parent: (
                        _delete((*p, "ended_by"))(r),
                        _set((*p, "end"), 2024)(r),
                    ),
                )
        elif key in VOICE_KEYS:
            yield f"{name} radical", _set(path, f"A radical {value[0].lower()}{value[1:]}")
            yield f"{name} illegal", _set(path, f"An illegal {value[0].lower()}{value[1:]}")
        elif key == "role":
            yield f"{name}=moderator", _set(path, "moderator")
        elif key == "kind" and path[0].split("/")[0] in WRONG_KIND:
            yield (
                f"{name}={WRONG_KIND[path[0].split('/')[0]]}",
                _set(path, WRONG_KIND[path[0].split("/")[0]]),
            )
        elif value in OTHER_ACTOR and key != "id":
            yield f"{name}={OTHER_ACTOR[value]}", _set(path, OTHER_ACTOR[value])
        elif key == "quote":
            yield f"{name}=another sentence", _set(path, OTHER_SENTENCE)
            yield f"{name}=not in the article", _set(path, value.replace("of", "for", 1) + " x")
        elif key == "source":
            yield f"{name}={OTHER_SOURCE}", _set(path, OTHER_SOURCE)
        elif key == "public_figure":
            yield f"{name}=false", _set(path, False)
        elif key == "name":
            yield f"{name}=Louis Barletta", _set(path, "Louis Barletta")

    for relative, data in records.items():
        yield from walk(data, (relative,))


TWELVE_REFERENCE = MANIFEST.folder(TWELVE) / TWELVE.solution
TWELVE_RECORDS = _records(TWELVE_REFERENCE)  # read once; each mutant changes a deep copy
TWELVE_MUTANTS = list(_field_mutants(TWELVE_RECORDS))


def _twelve(root: Path, change: Callable[[dict], None]) -> Path:
    records = copy.deepcopy(TWELVE_RECORDS)
    change(records)
    folder = root / "exercises" / TWELVE.id / "records"
    _write(records, folder)
    return folder


def test_every_field_of_twelves_reference_has_mutants():
    names = [name for name, _ in TWELVE_MUTANTS]
    assert len(names) == len(set(names)) >= 50
    for relative in _records(TWELVE_REFERENCE):
        record = relative.split("/")[1].removesuffix(".yaml")
        assert any(name.startswith(record + ":") for name in names), record


def test_twelves_reference_rewritten_keeps_full_marks(grader, tmp_path):
    """The harness itself: the reference, dumped as the mutants are, scores the maximum."""
    score, failures = grader(TWELVE, _twelve(grader.work / "reference-12", lambda records: None))
    assert failures == {} and score == TWELVE.max_score


def test_every_mutant_of_twelve_loses_points(grader):
    total, kept = survivors(grader, TWELVE)
    assert not kept, f"{len(kept)} of {total} keep full marks: {kept}"


RIGHT_TOO_TWELVE: list[Mutant] = [
    (
        "policy kind other",
        _set(("policy/hazleton-english-official-language.yaml", "kind"), "other"),
    ),
    (
        "participants in the other order",
        lambda r: r["event/pennsylvania-senate-election-2018.yaml"]["participants"].reverse(),
    ),
    (
        "Casey the incumbent, Barletta the challenger",
        lambda r: [
            participant.update(role=role)
            for participant, role in zip(
                r["event/pennsylvania-senate-election-2018.yaml"]["participants"],
                ["incumbent", "challenger"],
                strict=True,
            )
        ],
    ),
    (
        "his Senate candidacy as a role too",
        lambda r: r["person/lou-barletta.yaml"]["roles"].append(
            {
                "title": "Candidate for U.S. Senate",
                "note": "Casey's opponent in the 2018 race; no dates are given.",
                "citations": [
                    {
                        "source": SOURCE,
                        "quote": "Casey is up for reelection and facing staunch conservative "
                        "U.S. Rep. Lou Barletta",
                    }
                ],
            }
        ),
    ),
]


@pytest.mark.parametrize(("name", "change"), RIGHT_TOO_TWELVE, ids=[n for n, _ in RIGHT_TOO_TWELVE])
def test_right_answers_that_differ_keep_full_marks_in_twelve(grader, tmp_path, name, change):
    score, failures = grader(TWELVE, _twelve(grader.work / f"right-12-{name}", change))
    assert failures == {} and score == TWELVE.max_score


# --- exercise 11's fixed claim -------------------------------------------------------

ELEVEN_REFERENCE = MANIFEST.folder(ELEVEN) / ELEVEN.solution
ELEVEN_MUTANTS: list[tuple[str, dict[str, Any]]] = [
    ("date: a Thursday (2018-07-12)", {"date": "2018-07-12"}),
    ("date: a Wednesday the article does not give (2018-07-18)", {"date": "2018-07-18"}),
    ("date: the AP's day without linking its event (2018-07-11)", {"date": "2018-07-11"}),
    ("date: year only", {"date": 2018}),
    ("date: another month", {"date": "2018-08"}),
    ("date: removed", {"date": None}),
    ("speaker: his office", {"speaker": "philadelphia-district-attorneys-office"}),
    ("speaker: the mayor", {"speaker": "jim-kenney"}),
    ("kind: pledge", {"kind": "pledge"}),
    ("kind: statistic", {"kind": "statistic"}),
    ("quote: another sentence of the paragraph", {"quote": "Let me be crystal clear"}),
    ("about: not the contract", {"about": ["us-immigration-and-customs-enforcement"]}),
    (
        "about: someone the words are not about",
        {"about": ["pars-ice-access-contract", "jim-kenney"]},
    ),
    ("notes: an evaluative word", {"notes": "A radical statement."}),
    ("notes: illegal", {"notes": "He called the illegal cooperation unacceptable."}),
    ("responds_to: a claim it does not answer", {"responds_to": ["rose-political-theater"]}),
    ("event: one he did not take part in", {"event": "anti-ice-protest-2018-07"}),
    (
        "citation: another source",
        {"citations": [{"source": OTHER_SOURCE, "quote": "Let me be crystal clear"}]},
    ),
    (
        "citation: another passage of the article",
        {"citations": [{"source": SOURCE, "quote": "Let me be crystal clear"}]},
    ),
    ("citation: missing", {"citations": []}),
    ("link_citations: missing (the `about` link uncited)", {"link_citations": []}),
    (
        "link_citations: a link to what it is not about",
        {
            "link_citations": [
                {
                    "field": "about",
                    "to": "jim-kenney",
                    "source": SOURCE,
                    "quote": "End ICE Access to PARS, Says Philadelphia District Attorney",
                }
            ]
        },
    ),
]
RIGHT_TOO_ELEVEN: list[tuple[str, dict[str, Any]]] = [
    (
        "about ICE too, each link cited",
        {
            "about": ["pars-ice-access-contract", "us-immigration-and-customs-enforcement"],
            "link_citations": [
                {
                    "field": "about",
                    "to": "pars-ice-access-contract",
                    "source": SOURCE,
                    "quote": "End ICE Access to PARS, Says Philadelphia District Attorney",
                },
                {
                    "field": "about",
                    "to": "us-immigration-and-customs-enforcement",
                    "source": SOURCE,
                    "quote": "End ICE Access to PARS",
                },
            ],
        },
    ),
    ("the closing quotation mark copied too", {"quote": "That’s simply unacceptable.”"}),
]


def _eleven(root: Path, changes: dict[str, Any]) -> Path:
    data = {**load_yaml(ELEVEN_REFERENCE), **changes}
    data = {key: value for key, value in data.items() if value is not None}  # None: removed
    path = root / "exercises" / ELEVEN.id / "claim" / ELEVEN_REFERENCE.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(data))
    return path


def test_every_field_of_elevens_reference_has_mutants():
    changed = {field for _, changes in ELEVEN_MUTANTS for field in changes}
    assert set(load_yaml(ELEVEN_REFERENCE)) - {"id"} <= changed


def test_every_mutant_of_eleven_loses_points(grader):
    score, failures = grader(ELEVEN, _eleven(grader.work / "reference-11", {}))
    assert failures == {} and score == ELEVEN.max_score
    total, kept = survivors(grader, ELEVEN)
    assert not kept, f"{len(kept)} of {total} keep full marks: {kept}"


@pytest.mark.parametrize(
    ("name", "changes"), RIGHT_TOO_ELEVEN, ids=[n for n, _ in RIGHT_TOO_ELEVEN]
)
def test_right_answers_that_differ_keep_full_marks_in_eleven(grader, tmp_path, name, changes):
    score, failures = grader(ELEVEN, _eleven(grader.work / f"right-11-{name}", changes))
    assert failures == {} and score == ELEVEN.max_score


def test_the_harness_scores_as_civicdata_grade_does(grader, tmp_path):
    """One mutant per exercise through the real grader (`civicdata grade`: its pytest, the
    plugin, the judge's child process, results.json), run in this process."""
    cases = [
        (ELEVEN, _eleven(grader.work / "real-11", {"date": "2018-07-12"})),
        (
            TWELVE,
            _twelve(
                grader.work / "real-12",
                dict(TWELVE_MUTANTS)[
                    next(name for name, _ in TWELVE_MUTANTS if "ended_by removed" in name)
                ],
            ),
        ),
    ]
    for exercise, submission in cases:
        expected, _ = grader(exercise, submission)
        _, data = grade_here(
            exercise.number, "--submission", str(submission), results=tmp_path / "r.json"
        )
        assert data is not None
        assert data["score"] == expected < exercise.max_score


def test_one_invalid_file_is_named_once_as_the_root_not_found_zero(grader):
    """Issue 20: an invalid person file made four other tasks say "found 0"."""

    def invalid(records):
        records["person/lou-barletta.yaml"]["public_figure"] = "yes"

    _, failures = grader(TWELVE, _twelve(grader.work / "invalid-person", invalid))
    public = {"barletta", "senate_race", "english_policy", "infamy_is_a_claim"}
    assert public <= set(failures)
    for task in public:
        assert "found 0" not in failures[task]
        assert "records/person/lou-barletta.yaml does not validate yet" in failures[task]
    assert "public_figure" in failures["records_validate"]


def test_a_misplaced_file_is_told_about_the_exercises_own_folder(grader):
    def misplaced(records):
        records["event/lou-barletta.yaml"] = records.pop("person/lou-barletta.yaml")

    _, failures = grader(TWELVE, _twelve(grader.work / "misplaced", misplaced))
    for task in ("records_validate", "barletta", "senate_race"):
        assert "move it to records/person/lou-barletta.yaml" in failures[task]
        assert "exercises/12_extend_the_dataset/records/person/" in failures[task]
        assert "civicdata/data" not in failures[task]
