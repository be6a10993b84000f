"""A sixth article by pull request: the steps of docs/contributing.md, on a fork.

The fork gets a new seed named by the convention, its source record and one
claim quoting it; then it runs what CI runs on records: `civicdata validate`,
the corpus rules the project's own tests apply (tests/corpus_rules.py), and
the site's page generation for the new records. Each rule the validator adds
for seeds is also broken once, to see it located.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from civicdata import load
from civicdata.site import generate_pages
from civicdata.validate import validate
from tests.conftest import REPO
from tests.corpus_rules import corpus_problems

# A made-up article for the fork only: it never enters the real dataset.
ARTICLE = """\
Test Gazette: council hears testimony on data sharing

January 15, 2025

PHILADELPHIA - The council's public safety committee heard testimony on Wednesday
about how city arrest data is shared with federal agencies.

"We will keep reviewing every agreement that touches our arrest data," District
Attorney Larry Krasner told the committee.
"""
SOURCE_ID = "test-gazette-2025-01-15-council-hears-testimony"
CLAIM_ID = "krasner-keep-reviewing-data-agreements"
QUOTE = "We will keep reviewing every agreement that touches our arrest data"


def _seed_name(data: bytes, seeds: Path) -> str:
    """The documented convention: next free number, first 16 hex digits of the SHA-256."""
    number = max(int(p.name[:3]) for p in seeds.glob("*.txt")) + 1
    return f"{number:03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


def _add_article(
    root: Path, *, published: str | None = "2025-01-15", note: str | None = None
) -> str:
    data = ARTICLE.encode()
    name = _seed_name(data, root / "seeds")
    (root / "seeds" / name).write_bytes(data)
    source = (
        f"id: {SOURCE_ID}\n"
        f"file: {name}\n"
        "headline: 'Test Gazette: council hears testimony on data sharing'\n"
        "outlet: Test Gazette\n"
        + (f"published: {published}\n" if published else "")
        + (f"date_note: {note}\n" if note else "")
        + "citations:\n"
        f"  - source: {SOURCE_ID}\n"
        "    quote: 'Test Gazette: council hears testimony on data sharing'\n"
    )
    (root / "civicdata" / "data" / "source" / f"{SOURCE_ID}.yaml").write_text(source)
    claim = (
        f"id: {CLAIM_ID}\n"
        "speaker: larry-krasner\n"
        "kind: pledge\n"
        f'quote: "{QUOTE}"\n'
        # Reported speech takes no date from the article (issue 24's rule): a note says why.
        "notes: Told the committee at a hearing the article places on a Wednesday.\n"
        "citations:\n"
        f"  - source: {SOURCE_ID}\n"
        f'    quote: "{QUOTE}"\n'
    )
    (root / "civicdata" / "data" / "claim" / f"{CLAIM_ID}.yaml").write_text(claim)
    return name


def test_a_sixth_article_passes_what_ci_runs(sandbox, cli):
    name = _add_article(sandbox.root)
    assert name.startswith("005_")
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 0, out
    assert corpus_problems(sandbox) == []
    pages = generate_pages(load(sandbox.root))
    assert f"records/source/{SOURCE_ID}.md" in pages and f"seeds/{SOURCE_ID}.md" in pages
    assert QUOTE in pages[f"seeds/{SOURCE_ID}.md"]
    assert f"records/claim/{CLAIM_ID}.md" in pages


def test_the_corpus_rules_still_catch_a_broken_fork(sandbox):
    """The rules that replaced the hard-coded counts can fail."""
    _add_article(sandbox.root)
    (sandbox.data_dir / "claim" / f"{CLAIM_ID}.yaml").unlink()
    assert corpus_problems(sandbox) == [f"no record cites source {SOURCE_ID}"]


def _seed_problems(sandbox) -> list[tuple[str, int, int, str]]:
    return [
        (p.path.name, p.line, p.column, p.message)
        for p in validate(sandbox).problems
        if p.path.parent == sandbox.seeds_dir
    ]


@pytest.mark.parametrize(
    ("bad_name", "words"),
    [
        ("sixth-article.txt", "naming convention"),
        ("5_0123456789abcdef.txt", "naming convention"),
        ("005_0123456789ABCDEF.txt", "naming convention"),
        ("005_0123456789abcdef.md", "naming convention"),
        ("005_0123456789abcde.txt", "naming convention"),
        ("004_0123456789abcdef.txt", "also used by `004_b67e5df2217f64bd.txt`"),
    ],
)
def test_a_misnamed_seed_is_located_at_the_seed(sandbox, bad_name, words):
    name = _add_article(sandbox.root)
    (sandbox.seeds_dir / name).rename(sandbox.seeds_dir / bad_name)
    source = sandbox.data_dir / "source" / f"{SOURCE_ID}.yaml"
    source.write_text(source.read_text().replace(name, bad_name))
    problems = {n: (line, column, message) for n, line, column, message in _seed_problems(sandbox)}
    line, column, message = problems.pop(bad_name)
    assert (line, column) == (1, 1) and words in message
    # a number used twice is reported at both seeds; nothing else is
    assert list(problems) == (["004_b67e5df2217f64bd.txt"] if "also used" in words else [])


def test_a_seed_without_a_source_record_is_located_at_the_seed(sandbox):
    name = _add_article(sandbox.root)
    (sandbox.data_dir / "source" / f"{SOURCE_ID}.yaml").unlink()
    (sandbox.data_dir / "claim" / f"{CLAIM_ID}.yaml").unlink()
    [(found, line, column, message)] = _seed_problems(sandbox)
    assert (found, line, column) == (name, 1, 1) and "no `source` record" in message


@pytest.mark.parametrize(
    ("published", "note", "refused"),
    [
        ("2025-01-15", None, False),  # the dateline prints the day: no note needed
        ("2025-01", None, True),
        ("2025", None, True),
        ("2025-01", "The dateline gives the month only.", False),
    ],
)
def test_date_note_is_required_exactly_when_the_date_is_inferred(sandbox, published, note, refused):
    _add_article(sandbox.root, published=published, note=note)
    messages = [
        (p.line, p.message)
        for p in validate(sandbox).problems
        if p.path.name == f"{SOURCE_ID}.yaml"
    ]
    assert bool(messages) is refused, messages
    if refused:
        assert messages[0][0] == 5 and "date_note" in messages[0][1]


def test_the_contributing_guide_walks_through_adding_an_article():
    guide = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    section = guide.split("## Adding an article", 1)[1].split("\n## ", 1)[0]
    for step in ["sha256sum", "NNN_", "civicdata new source", "civicdata validate", "date_note"]:
        assert step in section, step


def test_new_source_with_seed_places_the_article_by_the_convention(sandbox, cli, tmp_path):
    article = tmp_path / "downloaded article.txt"
    article.write_bytes(ARTICLE.encode())
    before = sorted(p.name for p in sandbox.seeds_dir.iterdir())
    expected = _seed_name(ARTICLE.encode(), sandbox.seeds_dir)  # the next number, the hash
    code, out, err = cli(
        "--root", str(sandbox.root), "new", "source", SOURCE_ID, "--seed", str(article)
    )
    assert code == 0, err
    [added] = sorted(set(p.name for p in sandbox.seeds_dir.iterdir()) - set(before))
    assert added == expected and (sandbox.seeds_dir / added).read_bytes() == ARTICLE.encode()
    assert "added the article as" in out and added in out
    record = sandbox.data_dir / "source" / f"{SOURCE_ID}.yaml"
    text = record.read_text()
    assert f"\nfile: {added}  #" in text
    # Filling in the blanks the skeleton leaves gives a valid source for the new seed.
    filled = (
        text.replace('outlet: ""', "outlet: Test Gazette")
        .replace('  - source: ""', f"  - source: {SOURCE_ID}")
        .replace('    quote: ""', "    quote: 'Test Gazette: council hears testimony'")
    )
    record.write_text(filled + "published: 2025-01-15\n")
    problems = [
        p for p in validate(sandbox).problems if p.path in (record, sandbox.seeds_dir / added)
    ]
    assert problems == []


def test_new_source_with_seed_refuses_without_leaving_anything(sandbox, cli, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("downloads")
    article = elsewhere / "article.txt"
    article.write_bytes(ARTICLE.encode())
    existing = next(sandbox.seeds_dir.glob("000_*.txt"))
    not_utf8 = elsewhere / "latin1.txt"
    not_utf8.write_bytes("caf\xe9\n".encode("latin-1"))
    link = elsewhere / "link.txt"
    link.symlink_to(article)
    before = sorted(sandbox.root.rglob("*"))
    cases = [
        (["new", "person", "jane-doe", "--seed", str(article)], 2, "--seed goes with `new source`"),
        (
            ["new", "source", "x", "--seed", str(existing)],
            1,
            f"already in seeds/ as {existing.name}",
        ),
        (["new", "source", "x", "--seed", str(not_utf8)], 1, "not UTF-8"),
        (["new", "source", "x", "--seed", str(link)], 1, "symbolic link"),
        (["new", "source", "x", "--seed", str(elsewhere / "missing.txt")], 1, "cannot read"),
        (["new", "source", "larry-krasner", "--seed", str(article)], 1, "already used"),
        (["new", "source", "Bad Id", "--seed", str(article)], 2, "not a valid id"),
    ]
    for args, status, words in cases:
        code, _, err = cli("--root", str(sandbox.root), *args)
        assert (code, words in err) == (status, True), (args, err)
    assert sorted(sandbox.root.rglob("*")) == before  # no seed copied, no record written
