"""Commands as typed: every console block says `uv run civicdata ...`.

In a fresh clone `civicdata` alone is "command not found"; `uv run civicdata`
sets up the environment first and works. This scans every console block a
reader can copy (the site's pages, generated exercise pages included, the
READMEs and CONTRIBUTING.md), with `--8<--` includes expanded, and rejects a
line that starts with a bare `civicdata` command (with or without a `$ `
prompt) unless the block first activates the environment.
"""

from __future__ import annotations

import re

import pytest

from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from civicdata.site import exercise_pages
from tests.conftest import REPO
from tests.test_docs_src import FENCE, SNIPPET

CONSOLE = {"", "bash", "sh", "shell", "console", "shell-session", "zsh"}
BARE = re.compile(r"^\s*(?:\$\s*)?civicdata(?:\s|$)")
ACTIVATES = re.compile(r"^\s*(?:\$\s*)?(?:source|\.)\s+\S*\.venv/bin/activate\b")


def _pages() -> dict[str, str]:
    """Every Markdown text a reader sees, by a name for error messages."""
    paths = [
        REPO / "README.md",
        REPO / "CONTRIBUTING.md",
        *sorted((REPO / "exercises").glob("*/README.md")),
        *sorted((REPO / "docs").rglob("*.md")),
    ]
    pages = {str(path.relative_to(REPO)): path.read_text(encoding="utf-8") for path in paths}
    generated = exercise_pages.generate(load_manifest(Project(REPO)))
    pages.update({f"(generated) docs/{name}": text for name, text in generated.items()})
    return pages


def _expand(body: str) -> list[str]:
    lines = []
    for line in body.splitlines():
        if match := SNIPPET.match(line):
            included = REPO / match["path"]
            text = included.read_text(encoding="utf-8")
            if text.startswith("#!"):
                # A script (e.g. Gradescope's run_autograder) runs where its own
                # comments say the environment was set up; nobody types it.
                continue
            lines += text.splitlines()
        else:
            lines.append(line)
    return lines


def bare_commands(text: str) -> list[str]:
    """Lines of console blocks in ``text`` that run `civicdata` outside the environment."""
    found = []
    for block in FENCE.finditer(text):
        language = block["info"].strip().split(" ")[0].lstrip(".").lower()
        if language not in CONSOLE:
            continue
        lines = _expand(block["body"])
        for line in lines:
            if ACTIVATES.match(line):
                break
            if BARE.match(line):
                found.append(line.strip())
    return found


@pytest.mark.parametrize("name", sorted(_pages()))
def test_console_blocks_run_civicdata_through_uv(name):
    assert bare_commands(_pages()[name]) == [], (
        f"{name}: write `uv run civicdata ...` (a fresh clone has no `civicdata` on the PATH)"
    )


def test_the_scan_sees_console_blocks_and_includes():
    pages = _pages()
    assert len([n for n in pages if n.startswith("exercises/")]) == 12
    typed = [line for text in pages.values() for line in _typed(text)]
    assert any(line.startswith("uv run civicdata validate") for line in typed)
    assert any(line.startswith("uv run civicdata new") for line in typed), "included .sh files"


def _typed(text: str) -> list[str]:
    return [
        line.strip()
        for block in FENCE.finditer(text)
        if block["info"].strip().split(" ")[0].lower() in CONSOLE
        for line in _expand(block["body"])
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("```bash\ncivicdata validate\n```\n", ["civicdata validate"]),
        ("```console\n$ civicdata grade 03\nok\n```\n", ["$ civicdata grade 03"]),
        ("    ```sh\n    civicdata\n    ```\n", ["civicdata"]),
        ("```\ncivicdata stats\n```\n", ["civicdata stats"]),
        ("```bash\nuv run civicdata validate\n```\n", []),
        ("```bash\nsource .venv/bin/activate\ncivicdata validate\n```\n", []),
        ("```text\ncivicdata/data/person/x.yaml:1:1: error: bad\n```\n", []),
        ("```python\ncivicdata = 1\n```\n", []),
        ('```bash\n--8<-- "docs_src/shell/stats.sh"\n```\n', []),
    ],
)
def test_the_scan_catches_bare_commands_and_only_those(text, found):
    assert bare_commands(text) == found


def test_an_included_file_with_a_bare_command_is_caught(tmp_path):
    snippet = tmp_path / "bare.sh"
    snippet.write_text("civicdata stats\n")
    assert bare_commands(f'```bash\n--8<-- "{snippet}"\n```\n') == ["civicdata stats"]
