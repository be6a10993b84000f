"""The mutation tool: its operators, its grading of a tiny exercise, and its verdict.

The full run over every exercise is slow and belongs to CI (.ci/run); here the
operators run on sample code, and the grading on one tiny exercise of a
throwaway checkout.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import textwrap

import pytest

import civicdata
from civicdata.grading.mutation import Mutant
from civicdata.grading.mutation.python_mutants import mutants_of
from civicdata.grading.mutation.record_mutants import Answer, dump, evaluative, record_mutants
from civicdata.grading.mutation.run import main
from civicdata.grading.mutation.verdict import Entry, Graded, Listed, judge
from civicdata.strict_yaml import loads

SAMPLE = textwrap.dedent(
    '''
    """A sample module: its docstring and imports are never mutated."""

    from collections import Counter


    def pick(items: list[str], wanted: str, limit: int) -> list[str]:
        """Never deleted either."""
        found = set()
        total = 0
        for item in items:
            if item.lower() == wanted and len(item) < limit:
                total += 1
                found.add(item)
        named = [i for i in items if i in found]
        first = sorted(items, key=len)[0]
        return sorted(found) + named + [first][: max(total, 1)]


    def empty(counts: Counter) -> bool:
        return not counts
    '''
)


def _mutated(mutants: list[Mutant], operator: str) -> set[str]:
    return {m.mutant for m in mutants if m.operator == operator}


@pytest.fixture(scope="module")
def sample() -> list[Mutant]:
    return mutants_of(SAMPLE, "00_sample", "exercise.py")


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("compare-boundary", "if item.lower() == wanted and (len(item) <= limit):"),
        ("compare-negated", "if (item.lower() != wanted) and len(item) < limit:"),
        ("compare-reversed", "if item.lower() == wanted and (len(item) > limit):"),
        ("and-or", "if (item.lower() == wanted or len(item) < limit):"),
        ("not-added", "if (not (item.lower() == wanted and len(item) < limit)):"),
        ("not-dropped", "return counts"),
        ("method-dropped", "if item == wanted and len(item) < limit:"),
        ("in-flipped", "named = [i for i in items if (i not in found)]"),
        ("filter-dropped", "named = [i for i in items if True]"),
        ("min-max", "return sorted(found) + named + [first][: min(total, 1)]"),
        ("sort-key-dropped", "first = sorted(items)[0]"),
        (
            "reverse-flipped",
            "return sorted(found, reverse=True) + named + [first][: max(total, 1)]",
        ),
        ("sorted-dropped", "return list(found) + named + [first][: max(total, 1)]"),
        ("index-first-last", "first = sorted(items, key=len)[-1]"),
        ("constant-plus-minus-1", "total = 1"),
        ("constant-plus-minus-1", "total = -1"),
        ("augassign-to-assign", "total = 1"),
        ("set-to-list", "found = list()"),
        ("statement-deleted", "pass"),
        ("return-empty", "return []"),
        ("return-empty", "return False"),
    ],
)
def test_each_operator_makes_its_mutant(sample, operator, expected):
    assert expected in _mutated(sample, operator)


def test_mutants_keep_the_line_count_compile_and_differ(sample):
    lines = SAMPLE.count("\n")
    reference = ast.dump(ast.parse(SAMPLE))
    texts = [dict(m.files)["exercise.py"] for m in sample]
    assert len(set(texts)) == len(texts), "each mutant is a different program"
    for text in texts:
        assert text.count("\n") == lines
        assert ast.dump(ast.parse(text)) != reference


def test_minus_one_is_one_literal():
    mutants = mutants_of("def last(items):\n    return items[-1]\n", "00_sample", "exercise.py")
    assert {(m.operator, m.mutant) for m in mutants} >= {
        ("index-first-last", "return items[0]"),
        ("constant-plus-minus-1", "return items[-2]"),
    }
    assert not [m for m in mutants if "-0" in m.mutant or "(-" in m.mutant]


def test_docstrings_imports_and_definitions_are_never_mutated(sample):
    touched = " ".join(m.line for m in sample)
    assert "Never deleted" not in touched and "import" not in touched and "def " not in touched
    deleted = {m.line for m in sample if m.operator == "statement-deleted"}
    assert "total += 1" in deleted and "found.add(item)" in deleted


def test_a_mutant_is_named_by_its_function_and_lines_not_its_line_number(sample):
    boundary = next(m for m in sample if m.operator == "compare-boundary")
    assert boundary.function == "pick"
    assert boundary.line == "if item.lower() == wanted and len(item) < limit:"
    moved = mutants_of("\n\n\n" + SAMPLE, "00_sample", "exercise.py")
    assert {m.key for m in moved} == {m.key for m in sample}


def test_pydantic_fields_and_sql_text_are_mutated_too():
    source = textwrap.dedent(
        '''
        from pydantic import BaseModel, Field, StrictInt

        QUERY = """
        SELECT DISTINCT name FROM t
        WHERE day >= '2018-07-01' AND n = 1
        ORDER BY n DESC, name
        """


        class Thing(BaseModel):
            count: StrictInt | None = Field(default=None, ge=0)
        '''
    )
    mutants = mutants_of(source, "00_sample", "exercise.py")
    found = {(m.operator, m.mutant) for m in mutants}
    assert ("strict-loosened", "count: int | None = Field(default=None, ge=0)") in found
    assert ("field-constraint-dropped", "count: StrictInt | None = Field(default=None)") in found
    assert (
        "constant-plus-minus-1",
        "count: StrictInt | None = Field(default=None, ge=-1)",
    ) in found
    assert ("sql-distinct-dropped", "SELECT name FROM t") in found
    assert ("sql-compare-boundary", "WHERE day > '2018-07-01' AND n = 1") in found
    assert ("sql-and-or", "WHERE day >= '2018-07-01' OR n = 1") in found
    assert ("sql-compare-negated", "WHERE day >= '2018-07-01' AND n != 1") in found
    assert ("sql-date-moved", "WHERE day >= '2018-06-30' AND n = 1") in found
    assert ("sql-order-flipped", "ORDER BY n ASC, name") in found
    assert ("sql-tie-break-dropped", "ORDER BY n DESC") in found


# --- YAML answers ------------------------------------------------------------------

CLAIM = """\
id: sample-claim
speaker: larry-krasner
kind: opinion
quote: That's simply unacceptable.
date: 2018-07
about: [pars-ice-access-contract]
notes: An opinion said in July 2018.
citations:
  - source: article-2018-07-end-ice-access-to-pars
    quote: That’s simply unacceptable.
"""
PERSON = """\
id: sample-person
name: Sample Person
public_figure: true
roles:
  - title: Mayor of Hazleton
    end: 2018-07
    citations:
      - source: article-2018-07-end-ice-access-to-pars
        quote: as former mayor of Hazleton
"""


@pytest.fixture(scope="module")
def answer_mutants(tmp_path_factory) -> list[Mutant]:
    root = tmp_path_factory.mktemp("answer")
    for name, text in (("claim/sample-claim.yaml", CLAIM), ("person/sample-person.yaml", PERSON)):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return record_mutants("00_sample", Answer.read(root, civicdata.load()))


@pytest.mark.parametrize(
    ("operator", "after"),
    [
        ("date-invented-precision", 'date: "2018-07-12"'),
        ("date-shifted", 'date: "2017-07"'),
        ("kind-changed", 'kind: "statement"'),
        ("reference-changed", 'speaker: "sample-person"'),
        ("quote-altered", 'citations[0].quote: "That’s really simply unacceptable."'),
        ("evaluative-word", 'notes: "An illegal opinion said in July 2018."'),
        ("citation-dropped", "(left out)"),
        ("field-deleted", "(left out)"),
        ("boolean-flipped", "public_figure: false"),
        ("record-dropped", "(left out)"),
    ],
)
def test_each_field_gets_a_plausible_wrong_value(answer_mutants, operator, after):
    assert after in {m.mutant for m in answer_mutants if m.operator == operator}


def test_a_role_with_no_end_is_a_mutant(answer_mutants):
    ends = [m for m in answer_mutants if m.line == 'roles[0].end: "2018-07"']
    assert {m.operator for m in ends} == {
        "date-invented-precision",
        "date-shifted",
        "field-deleted",
    }
    role = loads(
        dict(next(m for m in ends if m.operator == "field-deleted").files)[
            "person/sample-person.yaml"
        ]
    )["roles"][0]
    assert "end" not in role and role["title"] == "Mayor of Hazleton"


def test_written_yaml_reads_back_as_the_same_data():
    for text in (CLAIM, PERSON):
        assert loads(dump(loads(text))) == loads(text)


def test_an_evaluative_word_goes_after_the_article():
    assert evaluative("An attempt to ban", "radical") == "A radical attempt to ban"
    assert evaluative("The city council", "illegal") == "The illegal city council"
    assert evaluative("Pennsylvania election", "radical") == "Radical Pennsylvania election"


# --- grading a tiny exercise ---------------------------------------------------------

MANIFEST = """\
exercises:
  - id: 01_tiny
    title: A tiny exercise
    minutes: 1
    objectives: [Compare with a boundary]
    student: exercise.py
    solution: solution.py
    tasks:
      - {id: is_big, title: Is it over ten, points: 2}
    hints: [one, two, three]
"""
SOLUTION = '''\
def is_big(value: int) -> bool:
    """Whether the value is over ten."""
    return value > 10
'''
CHECK = """\
import pytest

from civicdata.grading.calls import call

BIG, SMALL = call("is_big(20)"), call("is_big(5)")


@pytest.mark.task("is_big")
def test_is_big(judge):
    judge.expect(BIG, True)
    judge.expect(SMALL, False)
"""
BOUNDARY = ("01_tiny", "is_big", "compare-boundary", "return value > 10", "return (value >= 10)")


# The catalogue of the tiny exercise: each explanation is a message its check prints.
MISCONCEPTIONS = {
    "always_true": "is_big(5) returned True",
    "always_false": "is_big(20) returned False",
    "raises": "ValueError",
}
WRONG = {
    "always_true": '"""Says every value is big, whatever it is."""\ndef is_big(value):\n    return True\n',
    "always_false": '"""Says no value is big, whatever it is."""\ndef is_big(value):\n    return False\n',
    "raises": '"""Refuses the values it was not told about."""\ndef is_big(value):\n    raise ValueError(value)\n',
}


def _tiny(root) -> None:
    folder = root.exercises_dir / "01_tiny"
    (folder / "wrong").mkdir(parents=True)
    (root.exercises_dir / "manifest.yaml").write_text(MANIFEST)
    (folder / "solution.py").write_text(SOLUTION)
    (folder / "exercise.py").write_text("def is_big(value):\n    raise NotImplementedError\n")
    (folder / "test_01_tiny.py").write_text(f"{CHECK}\n\nMISCONCEPTIONS = {MISCONCEPTIONS!r}\n")
    for name, text in WRONG.items():
        (folder / "wrong" / f"{name}.py").write_text(text)


@pytest.fixture
def tiny(sandbox):
    _tiny(sandbox)
    return sandbox


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> tuple[int, str, list[Graded], bool]:
    """One whole run on the tiny exercise (its mutants and its catalogue), graded once,
    in this process (one worker), started with shrinking on; and whether shrinking was
    still turned off in this process's environment after it."""
    from civicdata.grading.counterexample import SHRINK_VARIABLE
    from civicdata.grading.mutation import run
    from tests.conftest import copy_records

    root = tmp_path_factory.mktemp("tiny")
    project = copy_records(root)
    _tiny(project)
    graded: list[Graded] = []
    real_judge = run.judge

    def keep(found, listed, exercises):
        graded.extend(found)
        return real_judge(found, listed, exercises)

    output = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(output):
        patch.setattr(run, "judge", keep)
        patch.delenv(SHRINK_VARIABLE, raising=False)
        code = main(["--root", str(root), "--workers", "1"])
        left_changed = SHRINK_VARIABLE in os.environ
    return code, output.getvalue(), graded, left_changed


def _run(tiny, capsys, *extra: str) -> tuple[int, str]:
    code = main(["--root", str(tiny.root), "--workers", "1", *extra])
    return code, capsys.readouterr().out


@pytest.mark.xdist_group("tiny-run")
def test_a_tiny_exercise_kills_what_its_check_can_see_and_no_more(tiny_run):
    code, out, _, _ = tiny_run
    assert code == 1
    assert "4 of 7 non-equivalent mutants killed (57.1%), 0 equivalent (0.0%)" in out
    assert "not killed, not listed: 3" in out
    assert "now: return (value >= 10)" in out  # 10 is never tried
    assert "now: return value > 11" in out and "now: return value > 9" in out
    assert "now: return (value < 10)" not in out  # killed: is_big(20) says False
    assert "wall-clock" in out
    assert "wrong answers: 3 of 3 lose points and are diagnosed" in out


def _entries(*keys: tuple[str, ...]) -> str:
    """An equivalents list naming these mutants."""
    fields = ["exercise", "function", "operator", "line", "mutant"]
    text = "equivalent:\n"
    for key in keys:
        body = "".join(f"    {name}: {value!r}\n" for name, value in zip(fields, key, strict=True))
        text += f"  - {body[4:]}    reason: a reason long enough to read\n"
    return text


@pytest.mark.xdist_group("tiny-run")
def test_a_listed_equivalent_is_counted_apart_and_stale_entries_fail(tiny_run, tmp_path):
    """The same gradings judged against a list: one equivalent, two stale entries."""
    from civicdata.grading.mutation.verdict import load_listed

    gone = (*BOUNDARY[:4], "return (value >= 11)")
    killed = (*BOUNDARY[:2], "compare-reversed", "return value > 10", "return (value < 10)")
    listed_file = tmp_path / "equivalents.yaml"
    listed_file.write_text(_entries(BOUNDARY, gone, killed))
    verdict = judge(tiny_run[2], load_listed(listed_file), {"01_tiny"})
    assert verdict.figure() == "4 of 6 non-equivalent mutants killed (66.7%), 1 equivalent (14.3%)"
    assert [g.mutant.mutant for g in verdict.equivalent] == ["return (value >= 10)"]
    failures = "\n".join(verdict.failures())
    assert "stale equivalent entry: no such mutant any more" in failures
    assert "stale equivalent entry: this mutant is now killed" in failures


def test_the_catalogue_alone_is_graded_and_a_drifted_entry_fails(tiny, capsys):
    """The catalogue as written passes in the whole run (tiny_run: 3 of 3 diagnosed);
    here two entries drift and ``--catalogue-only`` grades the catalogue and no mutant."""
    check = tiny.exercises_dir / "01_tiny" / "test_01_tiny.py"
    check.write_text(check.read_text().replace("'ValueError'", "'compared the wrong way'"))
    (tiny.exercises_dir / "01_tiny" / "wrong" / "always_true.py").write_text(SOLUTION)
    code, out = _run(tiny, capsys, "--catalogue-only")
    assert code == 1
    assert "killed" not in out  # no mutant was graded
    assert "FAIL: 01_tiny/wrong/raises: not diagnosed" in out
    assert "FAIL: 01_tiny/wrong/always_true: scores full marks (2/2)" in out
    assert "wrong answers: 1 of 3 lose points" in out


def test_the_reference_must_pass_before_any_mutant_counts(tiny, capsys):
    (tiny.exercises_dir / "01_tiny" / "solution.py").write_text(SOLUTION.replace("> 10", "< 10"))
    code, out = _run(tiny, capsys)
    assert code == 1
    assert "01_tiny: the reference scores 0/2" in out
    assert "killed" not in out


def test_without_the_solutions_it_refuses_rather_than_grading_nothing(tiny, capsys):
    (tiny.exercises_dir / "01_tiny" / "solution.py").unlink()
    assert main(["--root", str(tiny.root)]) == 2
    assert "no reference answer for 01_tiny" in capsys.readouterr().err


def test_list_prints_the_mutants_without_grading(tiny, capsys):
    assert main(["--root", str(tiny.root), "--list"]) == 0
    out = capsys.readouterr().out
    assert "01_tiny is_big [compare-boundary] return value > 10  ->  return (value >= 10)" in out
    assert out.rstrip().endswith("7 mutants")


# --- the verdict ---------------------------------------------------------------------


def _graded(killed: int, survived: int) -> list[Graded]:
    def mutant(number: int) -> Mutant:
        return Mutant("01_x", "f", "op", f"line {number}", f"mutant {number}", ())

    return [Graded(mutant(n), 0 if n < killed else 1, 1) for n in range(killed + survived)]


def _listed(graded: list[Graded], equivalent: int = 0, known: int = 0) -> Listed:
    survivors = [g for g in graded if not g.killed]

    def entry(g: Graded) -> Entry:
        return Entry(**dict(zip(Entry.model_fields, (*g.mutant.key, "reason given"), strict=True)))

    return Listed(
        equivalent=[entry(g) for g in survivors[:equivalent]],
        known_survivors=[entry(g) for g in survivors[equivalent : equivalent + known]],
    )


def test_the_thresholds():
    graded = _graded(98, 2)
    passing = judge(graded, _listed(graded, known=2), {"01_x"})
    assert passing.failures() == []
    assert (
        passing.figure() == "98 of 100 non-equivalent mutants killed (98.0%), 0 equivalent (0.0%)"
    )
    graded = _graded(97, 3)
    assert any(
        "at least 98%" in f for f in judge(graded, _listed(graded, known=3), {"01_x"}).failures()
    )
    unlisted = judge(graded, _listed(graded, known=2), {"01_x"})
    assert any("neither killed nor listed" in f for f in unlisted.failures())
    graded = _graded(94, 6)
    many = judge(graded, _listed(graded, equivalent=6), {"01_x"})
    assert many.kill_rate == 1.0
    assert any("at most 5%" in f for f in many.failures())
    five = judge(_graded(95, 5), _listed(_graded(95, 5), equivalent=5), {"01_x"})
    assert five.failures() == []


def test_entries_of_exercises_not_run_are_not_stale():
    graded = _graded(1, 1)
    listed = _listed(graded, equivalent=1)
    assert judge([], listed, {"02_other"}).failures() == []
    assert judge([], listed, {"01_x"}).stale


def test_the_checked_in_list_reads_and_names_real_exercises():
    from civicdata.grading.manifest import load_manifest
    from civicdata.grading.mutation.verdict import LIST_FILE, load_listed
    from civicdata.project import Project
    from tests.conftest import REPO

    manifest = load_manifest(Project(REPO))
    listed = load_listed(manifest.root / LIST_FILE)
    assert (manifest.root / LIST_FILE).is_file()
    for entry in [*listed.equivalent, *listed.known_survivors]:
        assert entry.exercise in manifest.by_id, entry


@pytest.mark.xdist_group("tiny-run")
def test_grading_in_this_process_leaves_its_environment_as_it_found_it(tiny_run):
    """A run with one worker grades here and turns shrinking off meanwhile; the tests
    that run next in this process (counterexamples shrink) must find it on again.
    The whole run of the tiny exercise (``tiny_run``: references, mutants, catalogue)
    is the run looked at; it started with the variable unset."""
    assert tiny_run[3] is False
