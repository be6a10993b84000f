"""Output escaping, one layer per format: terminal text and GitHub workflow commands."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from civicdata.problems import Problem, format_github, format_text
from civicdata.text import visible

PERSON = "person/larry-krasner.yaml"
RAW = ["\x1b", "\x07", "\x00", "\r", "\u202e", "\u2066", "\x85", "\u2028"]


@pytest.mark.parametrize(
    "key",
    [
        '"\\e[2J\\e[31mred"',
        '"x\\n::error file=README.md::pwned"',
        '"\\u202Eevil"',
        '"x\\r\\n::add-mask::secret"',
        '"bell\\a\\x85"',
    ],
)
def test_validate_output_has_no_raw_control_characters(sandbox, cli, key) -> None:
    path = sandbox.data_dir / PERSON
    path.write_text(path.read_text() + f"{key}: 1\n")
    for fmt in ("text", "github"):
        code, out, _ = cli("--root", str(sandbox.root), "validate", "--format", fmt)
        assert code == 1
        assert not any(char in out for char in RAW), repr(out)
        lines = out.splitlines()
        assert [line for line in lines if line.startswith("::")] == [
            line for line in lines if line.startswith("::error file=")
        ]
        assert sum(line.startswith("::") for line in lines) == (fmt == "github")


def test_github_escaping_of_data_and_properties() -> None:
    problem = Problem(Path("a:b,c%d.yaml"), "100% sure\r\nnext", "hint\nline", line=3, column=4)
    line = format_github(problem)
    assert line.startswith("::error file=a%3Ab%2Cc%25d.yaml,line=3,col=4::")
    assert "\n" not in line and "\r" not in line
    assert "100%25 sure" in line


def test_a_path_starting_with_colons_never_starts_a_line(sandbox, cli, monkeypatch) -> None:
    folder = sandbox.data_dir / "person"
    (folder / "::warning::x.yaml").write_text("id: x\n")
    monkeypatch.chdir(folder)
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "./::warning::x.yaml:1:1: error:" in out


def test_file_names_with_control_characters_are_escaped(sandbox, cli) -> None:
    (sandbox.data_dir / "person" / "a\x1b[31m\nb.yaml").write_text("id: x\n")
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1
    assert "a\\x1b[31m\\nb.yaml:1:1: error:" in out
    assert "\x1b" not in out


def test_visible_escapes_each_class_once() -> None:
    assert visible("a\x1bb\u202ec\nd\te\ud800") == "a\\x1bb\\u202ec\\nd\\te\\ud800"
    assert visible(visible("\x1b")) == "\\x1b"
    assert visible("Pérez – “quoted”") == "Pérez – “quoted”"


def test_format_text_escapes_message_and_hint() -> None:
    problem = Problem(Path("x.yaml"), "bad \x1b[31m", "try \u202e", line=1, column=1)
    assert format_text(problem).endswith("bad \\x1b[31m\n    hint: try \\u202e")


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@e.org", "-c", "user.name=t", *args],
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_escapes_values_and_keys(sandbox, cli, fmt) -> None:
    _git(sandbox.root, "init", "-q", "-b", "main")
    _git(sandbox.root, "add", "-A")
    _git(sandbox.root, "commit", "-qm", "base")
    path = sandbox.data_dir / PERSON
    text = path.read_text().replace("name: Larry Krasner", 'name: "Larry \\e[2J | x"')
    path.write_text(text + '"k\\e]0;title\\a": "v\\r\\n::error::x"\n')
    code, out, _ = cli("--root", str(sandbox.root), "diff", "HEAD", "--format", fmt)
    assert code == 0
    assert not any(char in out for char in RAW), repr(out)
    assert "\\x1b[2J" in out
    assert not any(line.startswith("::") for line in out.splitlines())


@pytest.mark.parametrize("char", ["\u200b", "\u00ad", "\u202e", "\U000e0041", "\u3164"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_shows_an_invisible_change_as_a_change(sandbox, cli, fmt, char) -> None:
    """`name: Larry\u200b Krasner` must not look unchanged: it is named, located, exit 1."""
    _git(sandbox.root, "init", "-q", "-b", "main")
    _git(sandbox.root, "add", "-A")
    _git(sandbox.root, "commit", "-qm", "base")
    path = sandbox.data_dir / PERSON
    path.write_text(path.read_text().replace("name: Larry Krasner", f"name: Larry{char} Krasner"))
    code, out, _ = cli("--root", str(sandbox.root), "diff", "HEAD", "--format", fmt)
    assert code == 1
    assert char not in out
    assert f"U+{ord(char):04X}" in out and "larry-krasner.yaml" in out
    assert "0 changed" in out  # not silently "unchanged": reported as unreadable instead


def test_diff_markdown_puts_record_text_in_code_spans(sandbox, cli) -> None:
    """A job summary must not turn record text into links, images, mentions or table cells."""
    _git(sandbox.root, "init", "-q", "-b", "main")
    _git(sandbox.root, "add", "-A")
    _git(sandbox.root, "commit", "-qm", "base")
    path = sandbox.data_dir / PERSON
    hostile = "![x](https://evil.example/p.png) @octocat [a](javascript:alert(1)) | `tick`"
    path.write_text(path.read_text().replace("name: Larry Krasner", f"name: '{hostile}'"))
    code, out, _ = cli("--root", str(sandbox.root), "diff", "HEAD", "--format", "markdown")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("| `name` |"))
    after = row.split(" | ")[-1]
    assert after.startswith("`` ") and after.endswith(" `` |")
    assert "\\| `tick`" in after


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", '=HYPERLINK("http://evil.example","click")'),
        ("name", "+cmd|' /C calc'!A0"),
        ("name", "-2+3+cmd|' /C calc'!A0"),
        ("name", "@SUM(1+9)*cmd|' /C calc'!A0"),
        ("notes", "\t=1+1"),  # a tab is allowed in prose; CR never reaches a record
        ("notes", " =1+1"),  # an import that trims blank space would run it
        ("notes", "\u00a0@SUM(1+9)"),
    ],
)
def test_csv_export_neutralises_formulas(sandbox, cli, tmp_path, field, value) -> None:
    """OWASP's CSV injection advice: a cell starting with = + - @ tab or CR gets a leading '."""
    import csv
    import json

    path = sandbox.data_dir / PERSON
    line = f"{field}: {json.dumps(value)}"  # a JSON string is a YAML double-quoted scalar
    text = path.read_text()
    text = text.replace("name: Larry Krasner", line) if field == "name" else text + line + "\n"
    path.write_text(text)
    out = tmp_path / "csv"
    code, stdout, err = cli(
        "--root", str(sandbox.root), "export", "--format", "csv", "--out", str(out)
    )
    assert code == 0, stdout + err
    with (out / "person.csv").open(newline="", encoding="utf-8") as stream:
        cells = [row[field] for row in csv.DictReader(stream)]
    assert "'" + value in cells
    unguarded = [cell for cell in cells if cell[:1] != "'" and cell.strip()]
    assert not any(cell.lstrip()[0] in "=+-@" for cell in unguarded), unguarded


def test_every_csv_text_cell_is_quoted(sandbox, cli, tmp_path) -> None:
    """OWASP: a separator inside a cell (`a;=cmd`) starts a new cell, formula first, in a
    spreadsheet that splits on `;` (most of Europe's) unless the cell is quoted. Python's
    csv quotes a cell holding the file's own `,` only: every text cell is quoted now."""
    path = sandbox.data_dir / PERSON
    value = "Larry;=cmd|' /C calc'!A0"
    path.write_text(path.read_text().replace("name: Larry Krasner", f'name: "{value}"'))
    out = tmp_path / "csv"
    code, stdout, err = cli(
        "--root", str(sandbox.root), "export", "--format", "csv", "--out", str(out)
    )
    assert code == 0, stdout + err
    lines = (out / "person.csv").read_text(encoding="utf-8").splitlines()
    assert f',"{value}",' in next(line for line in lines if "larry-krasner" in line)
    assert lines[0].startswith('"id","name"')  # the header's text cells too


@pytest.mark.parametrize(
    ("new", "shown"),
    [
        ("Larry\u00a0Krasner", "Larry\\xa0Krasner"),  # a no-break space
        ("L\u0430rry Krasner", "L\\u0430rry Krasner"),  # a Cyrillic а
        ("Ｌarry Krasner", "\\uff2carry Krasner"),  # a full-width L
    ],
)
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_spells_out_a_change_that_would_look_unchanged(sandbox, cli, fmt, new, shown):
    _git(sandbox.root, "init", "-q", "-b", "main")
    _git(sandbox.root, "add", "-A")
    _git(sandbox.root, "commit", "-qm", "base")
    path = sandbox.data_dir / PERSON
    path.write_text(path.read_text().replace("name: Larry Krasner", f"name: {new}"))
    code, out, _ = cli("--root", str(sandbox.root), "diff", "HEAD", "--format", fmt)
    assert code == 0 and "1 changed" in out
    assert shown in out and new not in out


@pytest.mark.parametrize("command", [["schema"], ["export", "--format", "json"]])
def test_a_path_the_user_typed_is_echoed_escaped(sandbox, cli, tmp_path, command) -> None:
    """`wrote <path>` repeats the user's own --out: an escape sequence in it is shown
    as `\\x1b`, never sent to the terminal raw."""
    out = tmp_path / "out\x1b[2Jx\u202e"
    code, stdout, err = cli("--root", str(sandbox.root), *command, "--out", str(out))
    assert code == 0, stdout + err
    assert "\x1b" not in stdout + err and "\u202e" not in stdout + err
    assert "out\\x1b[2Jx\\u202e" in stdout
