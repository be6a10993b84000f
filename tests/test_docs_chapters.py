"""Chapters lead to exercises, and teach what the exercises need.

- Each exercise README has a "Chapters this builds on" section linking chapters.
- Each chapter ends with a "Practise" section linking exactly the exercises
  whose README names it.
- Every civicdata name a reference solution uses (what it imports, and the
  attributes it reads that belong to civicdata's API or its models) is used by
  a runnable Python snippet of a chapter the student has read by then: any
  chapter up to the last one its README names. SQL solutions likewise: every
  table and column they name appears in such a chapter's SQL snippets.

The names come from the solutions' syntax trees, so a solution that starts
using something no chapter teaches turns this red.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import math
import re
import sqlite3
from functools import cache
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from civicdata import models
from civicdata.checks import Index, Loaded
from civicdata.dataset import Dataset
from civicdata.dates import PartialDate
from civicdata.export.sqlite import schema_sql
from civicdata.grading.manifest import load_manifest
from civicdata.problems import Problem
from civicdata.project import Project
from civicdata.walk import Links
from tests.conftest import REPO
from tests.test_docs_src import SNIPPET

CHAPTERS = REPO / "docs" / "chapters"
EXERCISES = REPO / "exercises"
NOT_TAUGHT = {"10-glossary.md", "index.md"}  # words and a contents page: nothing to practise
API_CLASSES = (Dataset, PartialDate, Index, Loaded, Links, Problem)
TAUGHT_MODULES = ("civicdata", "pydantic")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)#\s]+)(?:#[^)]*)?\)")


def _section(text: str, title: str) -> str | None:
    match = re.search(rf"^## {re.escape(title)}\n(?P<body>.*?)(?=^## |\Z)", text, re.M | re.S)
    return match["body"] if match else None


def chapters() -> list[Path]:
    return sorted(p for p in CHAPTERS.glob("*.md") if p.name not in NOT_TAUGHT)


def exercises() -> list[Path]:
    return sorted(p for p in EXERCISES.iterdir() if (p / "README.md").is_file())


def chapter_number(chapter: Path) -> int:
    return int(chapter.name.split("-", 1)[0])


@cache
def builds_on(exercise: Path) -> tuple[Path, ...]:
    """The chapters an exercise's README links under "Chapters this builds on"."""
    readme = (exercise / "README.md").read_text(encoding="utf-8")
    section = _section(readme, "Chapters this builds on")
    assert section, f"{exercise.name}/README.md needs a '## Chapters this builds on' section"
    found = []
    for match in LINK.finditer(section):
        target = (exercise / match["target"]).resolve()
        assert target.parent == CHAPTERS.resolve() and target.is_file(), (
            f"{exercise.name}/README.md links {match['target']}, not a chapter"
        )
        found.append(target)
    assert found, f"{exercise.name}/README.md links no chapter"
    return tuple(found)


def practised(chapter: Path) -> list[str]:
    """Exercise ids a chapter's closing "Practise" section links."""
    text = chapter.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings and headings[-1] == "Practise", f"{chapter.name} must end with ## Practise"
    ids = []
    for match in LINK.finditer(_section(text, "Practise") or ""):
        target = match["target"]
        assert target.startswith("../exercises/") and target.endswith(".md"), target
        ids.append(target.removeprefix("../exercises/").removesuffix(".md"))
    return ids


def read_by(exercise: Path) -> list[Path]:
    """Chapters a student has read on reaching the exercise: up to the last it builds on."""
    last = max(chapter_number(c) for c in builds_on(exercise))
    return [c for c in chapters() if chapter_number(c) <= last]


def included(chapter: Path, suffix: str) -> list[Path]:
    lines = chapter.read_text(encoding="utf-8").splitlines()
    paths = [m["path"] for m in map(SNIPPET.match, lines) if m]
    return [REPO / path for path in paths if path.endswith(suffix)]


# --- what a piece of Python uses -------------------------------------------------


def _resolve(module: str, name: str) -> object:
    return getattr(importlib.import_module(module), name)


@dataclasses.dataclass
class Uses:
    objects: dict[int, str]  # id(object) -> how the code named it
    attributes: set[str]


def uses(path: Path) -> Uses:
    """The civicdata and pydantic objects a file imports, and every attribute it reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    objects: dict[int, str] = {}
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in TAUGHT_MODULES:
                for alias in node.names:
                    obj = _resolve(node.module, alias.name)
                    objects[id(obj)] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in TAUGHT_MODULES:
                    modules[alias.asname or alias.name] = alias.name
    attributes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            attributes.add(node.attr)
            if isinstance(node.value, ast.Name) and node.value.id in modules:
                module = modules[node.value.id]
                obj = _resolve(module, node.attr)
                objects[id(obj)] = f"{module}.{node.attr}"
    return Uses(objects, attributes)


def _instance_attributes(cls: type) -> set[str]:
    """Names a class assigns as ``self.name = ...`` (found in its source)."""
    tree = ast.parse(inspect.getsource(cls).lstrip())
    return {
        target.attr
        for node in ast.walk(tree)
        for target in getattr(node, "targets", [getattr(node, "target", None)])
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    }


@cache
def api_attributes() -> frozenset[str]:
    """Public attributes of civicdata's API classes, and every field of every model."""
    names: set[str] = set()
    for cls in API_CLASSES:
        names |= {n for n in dir(cls) if not n.startswith("_")}
        names |= _instance_attributes(cls)
        if dataclasses.is_dataclass(cls):
            names |= {f.name for f in dataclasses.fields(cls)}
    for module in (models, *[importlib.import_module(m) for m in _model_modules()]):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                names |= set(value.model_fields)
    return frozenset(names)


def _model_modules() -> list[str]:
    folder = Path(models.__file__).parent
    return [f"civicdata.models.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"]


def needed(solution: Path) -> dict[str, str]:
    """What a solution uses that a chapter must teach: {key: readable name}."""
    found = uses(solution)
    wanted = {f"object:{key}": name for key, name in found.objects.items()}
    wanted |= {f"attribute:{a}": f".{a}" for a in found.attributes & api_attributes()}
    return wanted


def taught(chapter_list: list[Path]) -> set[str]:
    keys: set[str] = set()
    for chapter in chapter_list:
        for snippet in included(chapter, ".py"):
            found = uses(snippet)
            keys |= {f"object:{key}" for key in found.objects}
            keys |= {f"attribute:{a}" for a in found.attributes}
    return keys


SOLUTIONS = sorted(EXERCISES.glob("*/solution.py"))


def test_every_exercise_builds_on_chapters():
    assert len(exercises()) == 12
    for exercise in exercises():
        assert builds_on(exercise)


def test_link_texts_name_exercises_and_chapters_as_the_site_does():
    """Titles come from the manifest and mkdocs.yml's nav; the links must not go stale."""
    titles = {
        e.id: f"Exercise {int(e.number)}: {e.title}" for e in load_manifest(Project(REPO)).exercises
    }
    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text())["nav"]
    chapter_titles = {
        Path(path).name: title
        for section in nav
        if "Chapters" in section
        for entry in section["Chapters"]
        if isinstance(entry, dict)  # the bare "chapters/index.md" is the section's own page
        for title, path in entry.items()
    }
    for chapter in chapters():
        for match in LINK.finditer(_section(chapter.read_text(), "Practise") or ""):
            exercise_id = match["target"].removeprefix("../exercises/").removesuffix(".md")
            assert match["text"] == titles[exercise_id], chapter.name
    for exercise in exercises():
        section = _section((exercise / "README.md").read_text(), "Chapters this builds on")
        for match in LINK.finditer(section or ""):
            assert match["text"] == chapter_titles[Path(match["target"]).name], exercise.name


def last_chapter(exercise: Path) -> int:
    """The chapter after which a student has read everything an exercise builds on."""
    return max(chapter_number(c) for c in builds_on(exercise))


def test_every_chapter_practises_only_the_exercises_it_completes():
    """A chapter's Practise links the exercises that need nothing from a later
    chapter: the last chapter an exercise builds on is where it is practised.
    A chapter that completes none says so, and links none."""
    for chapter in chapters():
        number = chapter_number(chapter)
        expected = sorted(e.name for e in exercises() if last_chapter(e) == number)
        assert practised(chapter) == expected, chapter.name
        if not expected:
            assert "No exercise yet" in (_section(chapter.read_text(), "Practise") or "")
    every = sorted(e for c in chapters() for e in practised(c))
    assert every == sorted(e.name for e in exercises()), "each exercise is practised once"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.parent.name for p in SOLUTIONS])
def test_the_chapters_teach_what_the_solution_uses(solution):
    exercise = solution.parent
    missing = set(needed(solution)) - taught(read_by(exercise))
    names = sorted(needed(solution)[key] for key in missing)
    assert names == [], (
        f"{exercise.name} uses {names}, which no Python snippet in chapters "
        f"{[c.name for c in read_by(exercise)]} uses; teach them with a runnable snippet"
    )


def test_the_name_check_sees_imports_attributes_and_model_fields():
    wanted = set(needed(EXERCISES / "09_validation_rule" / "solution.py").values())
    assert {"civicdata.checks.Index", "civicdata.problems.Problem"} <= wanted
    assert {".of_kind", ".by_id", ".record", ".path", ".certainly_before", ".event"} <= wanted
    assert ".append" not in set(
        needed(EXERCISES / "06_claims_and_answers" / "solution.py").values()
    )
    assert {"pydantic.Field", "pydantic.StrictInt", "civicdata.models.Event"} <= set(
        needed(EXERCISES / "10_add_a_field" / "solution.py").values()
    )


def test_the_name_check_fails_when_nothing_teaches(tmp_path):
    snippet = tmp_path / "s.py"
    snippet.write_text("import civicdata\n\nprint(civicdata.load().get('x').name)\n")
    page = tmp_path / "99-page.md"
    page.write_text(f'```python\n--8<-- "{snippet}"\n```\n')
    keys = taught([page])
    wanted = needed(EXERCISES / "07_citations_per_source" / "solution.py")
    assert "object:" + str(id(_resolve("civicdata.walk", "links"))) in set(wanted) - keys
    assert "attribute:get" in keys


# --- SQL ----------------------------------------------------------------------------


@cache
def schema_names() -> frozenset[str]:
    connection = sqlite3.connect(":memory:")
    connection.executescript(schema_sql())
    names = set()
    for (table,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
    ):
        names.add(table)
        names |= {row[1] for row in connection.execute(f"PRAGMA table_info('{table}')")}
    return frozenset(names)


def sql_names(text: str) -> set[str]:
    return set(re.findall(r"[a-z_]+", text)) & schema_names()


def test_the_chapters_teach_the_tables_and_columns_the_sql_solution_uses():
    exercise = EXERCISES / "08_sql_queries"
    tree = ast.parse((exercise / "solution.py").read_text())
    queries = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    wanted = set().union(*(sql_names(q) for q in queries))
    assert {"claim_about", "date_first", "date_last"} <= wanted
    shown = set().union(
        *(sql_names(p.read_text()) for c in read_by(exercise) for p in included(c, ".sql"))
    )
    assert sorted(wanted - shown) == []


def test_readme_links_work_on_github_and_on_the_site():
    from civicdata.site.exercise_pages import _site_links

    text = "[5. Python](../../docs/chapters/05-querying-python.md) and [tests](test_05.py)"
    assert _site_links(text, "05_timeline") == (
        "[5. Python](../chapters/05-querying-python.md) and [tests](test_05.py)"
    )


# --- reading time -------------------------------------------------------------------

READING_TIME = re.compile(r"^\*Reading time: about (\d+) minutes[.,]", re.M)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
PROSE_WORDS_PER_MINUTE = 150  # a novice reading technical prose
CODE_LINES_PER_MINUTE = 10  # included code and output, read line by line


def reading_minutes(page: Path) -> int:
    """Prose words and included lines, rounded up to five minutes."""
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines()
    snippets = [m["path"] for m in map(SNIPPET.match, lines) if m]
    words = [LINK_TARGET.sub("]", line) for line in lines if not SNIPPET.match(line)]
    prose = sum(len(re.findall(r"\w+", line)) for line in words)  # link addresses are not read
    code = sum(len((REPO / p).read_text(encoding="utf-8").splitlines()) for p in snippets)
    minutes = prose / PROSE_WORDS_PER_MINUTE + code / CODE_LINES_PER_MINUTE
    return 5 * max(1, math.ceil(minutes / 5))


READ_PAGES = [
    *chapters(),
    CHAPTERS / "10-glossary.md",
    *sorted((REPO / "docs" / "start").glob("*.md")),
]


def stated_minutes(page: Path) -> int | None:
    found = READING_TIME.search(page.read_text(encoding="utf-8"))
    return int(found[1]) if found else None


@pytest.mark.parametrize("page", READ_PAGES, ids=[p.name for p in READ_PAGES])
def test_each_chapter_states_its_reading_time(page):
    stated = stated_minutes(page)
    assert stated == reading_minutes(page), (
        f"{page.name} says about {stated} minutes; its length says {reading_minutes(page)}"
    )


def test_reading_time_grows_with_the_page(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("word " * 150)
    assert reading_minutes(page) == 5
    page.write_text("word " * 1600)
    assert reading_minutes(page) == 15


def test_the_exercise_list_says_after_which_chapter_each_is_ready():
    """The site's exercise list and the chapters' Practise lists agree."""
    from civicdata.site.exercise_pages import ready_after

    manifest = load_manifest(Project(REPO))
    for exercise in manifest.exercises:
        assert ready_after(manifest, exercise) == last_chapter(EXERCISES / exercise.id)


SPOKEN_MINUTES = {"two hours": 120, "two and a half hours": 150, "three hours": 180}


def test_the_setup_page_states_the_chapters_total_reading_time():
    text = " ".join((REPO / "docs" / "start" / "index.md").read_text(encoding="utf-8").split())
    found = re.search(r"Reading the ten chapters takes about ([a-z ]+?);", text)
    assert found and found[1] in SPOKEN_MINUTES
    total = sum(stated_minutes(c) or 0 for c in [*chapters(), CHAPTERS / "10-glossary.md"])
    assert abs(total - SPOKEN_MINUTES[found[1]]) <= 15, f"the chapters take {total} minutes"


def test_every_technical_word_of_the_glossary_is_linked_from_a_lesson():
    """Each word of the course in the glossary is linked where the lessons use it."""
    glossary = (CHAPTERS / "10-glossary.md").read_text(encoding="utf-8")
    course = _section(glossary, "Words of the course") or ""
    words = re.findall(r"^### (.+)$", course, re.M)
    assert len(words) >= 18
    lessons = " ".join(
        p.read_text(encoding="utf-8")
        for p in [*chapters(), *sorted((REPO / "docs" / "start").glob("*.md"))]
    )
    from markdown.extensions.toc import slugify

    missing = [w for w in words if f"10-glossary.md#{slugify(w, '-')}" not in lessons]
    assert missing == [], "link each from the lesson that first uses it"
