"""``civicdata diff BASE [HEAD]``: what a change does to the records, field by field.

Records are read from git revisions (HEAD may also be the working tree), so
a pull request's job summary can say "2 added, 1 changed" and show each
changed field, instead of a raw text diff. Broken YAML on either side is
reported and skipped, never a crash.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .project import Project
from .record_files import name_problem, scan
from .strict_yaml import MAX_FILE_BYTES, YamlProblem, decode, loads, read_bytes
from .text import visible

DATA = "civicdata/data"
RENAMES = "civicdata/renames.yaml"
WORKTREE = "WORKTREE"


class DiffError(Exception):
    """A revision could not be read (unknown ref, not a git checkout …)."""


@dataclass
class Snapshot:
    """The records of one revision: id -> (path, parsed data); unreadable files apart."""

    records: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # path -> reason


def _git(project: Project, *args: str) -> bytes:
    result = subprocess.run(
        ["git", "-C", str(project.root), *args], capture_output=True, check=False
    )
    if result.returncode != 0:
        raise DiffError(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return result.stdout


_GIT_MODES = {"120000": "a symbolic link", "160000": "a submodule"}


def _worktree_files(project: Project) -> tuple[dict[str, bytes], dict[str, str]]:
    files, refused = {}, {}
    for entry in scan(project.data_dir):
        name = str(entry.path.relative_to(project.root))
        if entry.problem is not None:
            refused[name] = f"1:1: {entry.problem[0]}"
            continue
        try:
            files[name] = read_bytes(entry.path)
        except YamlProblem as problem:
            refused[name] = f"{problem.line}:{problem.column}: {problem.message}"
        except OSError as error:
            refused[name] = f"1:1: cannot read the file: {error.strerror}"
    return files, refused


def _files(project: Project, revision: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """Record files (path -> bytes) and refused ones (path -> why), by the same rules."""
    if revision == WORKTREE:
        return _worktree_files(project)
    listing = _git(project, "ls-tree", "-r", "-l", "-z", revision, "--", DATA)
    files, refused = {}, {}
    for row in filter(None, listing.split(b"\0")):
        meta, _, raw_name = row.partition(b"\t")
        mode, _, _, size = meta.decode().split()
        name = raw_name.decode("utf-8", "replace")
        parts = tuple(name.split("/")[len(DATA.split("/")) :])
        why = name_problem(parts) if parts else ("not a record file", None)
        if mode in _GIT_MODES:
            why = (f"this is {_GIT_MODES[mode]}, not a regular file", None)
        elif size.isdigit() and int(size) > MAX_FILE_BYTES:
            why = (f"the file is over {MAX_FILE_BYTES:,} bytes, the most a record file may be",)
        if why is not None:
            refused[name] = f"1:1: {why[0]}"
            continue
        files[name] = _git(project, "show", f"{revision}:{name}")
    return files, refused


def renames(project: Project, revision: str = WORKTREE) -> dict[str, str]:
    """``civicdata/renames.yaml`` at ``revision``: old id -> the id that now holds it.

    A revision without the file, or with one that does not parse as a flat
    map of ids, has no renames; the validator's tests check the real file.
    """
    try:
        if revision == WORKTREE:
            path = project.root / RENAMES
            if not path.is_file():
                return {}
            data = read_bytes(path)  # bounded, and never through a symbolic link
        else:
            data = _git(project, "show", f"{revision}:{RENAMES}")
        parsed = loads(decode(data))
    except (DiffError, OSError, YamlProblem):
        return {}
    return {old: new for old, new in parsed.items() if isinstance(new, str)}


def snapshot(project: Project, revision: str) -> Snapshot:
    found = Snapshot()
    files, found.unreadable = _files(project, revision)
    for path, data in files.items():
        try:
            parsed = loads(decode(data))
        except YamlProblem as problem:
            found.unreadable[path] = f"{problem.line}:{problem.column}: {problem.message}"
            continue
        record_id = parsed.get("id") if isinstance(parsed.get("id"), str) else Path(path).stem
        found.records[record_id] = (path, parsed)
    return found


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"roles": [{"title": "DA"}]}`` -> ``{"roles[0].title": "DA"}``."""
    if isinstance(value, dict):
        items: dict[str, Any] = {}
        for key, inner in value.items():
            items.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return items
    if isinstance(value, list) and value:
        items = {}
        for index, inner in enumerate(value):
            items.update(flatten(inner, f"{prefix}[{index}]"))
        return items
    return {prefix: value}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass
class Changes:
    base: str
    head: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, path)
    removed: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str, str]] = field(default_factory=list)  # old, new, paths
    changed: dict[str, tuple[str, list[FieldChange]]] = field(default_factory=dict)
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)  # (side, path, why)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.unreadable)


def _field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    old, new = flatten(before), flatten(after)
    return [
        FieldChange(key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]


def _without_id(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "id"}


def compare(
    base: Snapshot,
    head: Snapshot,
    base_name: str,
    head_name: str,
    renamed: dict[str, str] | None = None,
) -> Changes:
    """What changed from ``base`` to ``head``; ``renamed`` maps old ids to new ones."""
    changes = Changes(base_name, head_name)
    changes.unreadable = [(base_name, p, why) for p, why in base.unreadable.items()]
    changes.unreadable += [(head_name, p, why) for p, why in head.unreadable.items()]
    # A file unreadable on one side is neither added nor removed: we cannot tell.
    unknown = {Path(p).stem for p in [*base.unreadable, *head.unreadable]}
    gone = {i: base.records[i] for i in base.records.keys() - head.records.keys() - unknown}
    new = {i: head.records[i] for i in head.records.keys() - base.records.keys() - unknown}
    # A record the renames file maps to a record that exists now was renamed (or
    # merged into it); a new record's field changes are shown against the old one.
    for old_id, (old_path, old_data) in sorted(gone.items()):
        new_id = (renamed or {}).get(old_id)
        if new_id is None or new_id not in head.records:
            continue
        new_path, new_data = head.records[new_id]
        changes.renamed.append((old_id, new_id, old_path, new_path))
        del gone[old_id]
        if new.pop(new_id, None) is not None:
            field_changes = _field_changes(_without_id(old_data), _without_id(new_data))
            if field_changes:
                changes.changed[new_id] = (new_path, field_changes)
    # A record whose content is unchanged but whose id (and so file) is new was renamed.
    for old_id, (old_path, old_data) in sorted(gone.items()):
        match = next(
            (i for i, (_, d) in sorted(new.items()) if _without_id(d) == _without_id(old_data)),
            None,
        )
        if match is not None:
            changes.renamed.append((old_id, match, old_path, new.pop(match)[0]))
            del gone[old_id]
    changes.added = sorted((i, path) for i, (path, _) in new.items())
    changes.removed = sorted((i, path) for i, (path, _) in gone.items())
    for record_id in sorted(base.records.keys() & head.records.keys()):
        (old_path, old_data), (new_path, new_data) = (
            base.records[record_id],
            head.records[record_id],
        )
        field_changes = _field_changes(old_data, new_data)
        if old_path != new_path:
            field_changes.insert(0, FieldChange("(file)", old_path, new_path))
        if field_changes:
            changes.changed[record_id] = (new_path, field_changes)
    changes.changed = dict(sorted(changes.changed.items()))
    return changes


def diff(project: Project, base: str, head: str = WORKTREE) -> Changes:
    return compare(
        snapshot(project, base), snapshot(project, head), base, head, renames(project, head)
    )


def _show(value: Any) -> str:
    """A value for the terminal or a summary, shortened (escaped with its whole line)."""
    if value is None:
        return "(none)"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _kind(path: str) -> str:
    return Path(path).parent.name


def counts_line(changes: Changes) -> str:
    return (
        f"{len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed, {len(changes.renamed)} renamed"
    )


def render_text(changes: Changes) -> str:
    """Plain text for a terminal; every piece read from a file is escaped by :func:`visible`."""
    return visible_lines(_text_lines(changes))


def visible_lines(lines: list[str]) -> str:
    return "\n".join(visible(line) for line in lines)


def _text_lines(changes: Changes) -> list[str]:
    lines = [f"records {changes.base}..{changes.head}: {counts_line(changes)}"]
    for record_id, path in changes.added:
        lines.append(f"+ {_kind(path)}/{record_id}")
    for record_id, path in changes.removed:
        lines.append(f"- {_kind(path)}/{record_id}")
    for old, new, old_path, _ in changes.renamed:
        lines.append(f"> {_kind(old_path)}/{old} renamed to {new}")
    for record_id, (path, field_changes) in changes.changed.items():
        lines.append(f"~ {_kind(path)}/{record_id}")
        for change in field_changes:
            lines.append(f"    {change.field}: {_show(change.before)} -> {_show(change.after)}")
    for side, path, why in changes.unreadable:
        lines.append(f"! {path} at {side} could not be read: {why}")
    return lines


def _cell(value: Any) -> str:
    return _show(value).replace("|", "\\|")


def render_markdown(changes: Changes) -> str:
    """For a pull request's job summary (GITHUB_STEP_SUMMARY)."""
    lines = [
        f"## Dataset changes ({changes.base}..{changes.head})",
        "",
        f"**{counts_line(changes)}**",
        "",
    ]
    if changes.empty:
        return "\n".join([*lines, "No record changed."]) + "\n"
    if changes.added:
        lines += ["### Added", ""] + [f"- `{_kind(p)}/{i}`" for i, p in changes.added] + [""]
    if changes.removed:
        lines += ["### Removed", ""] + [f"- `{_kind(p)}/{i}`" for i, p in changes.removed] + [""]
    if changes.renamed:
        lines += ["### Renamed", ""]
        lines += [f"- `{_kind(op)}/{o}` → `{n}`" for o, n, op, _ in changes.renamed] + [""]
    if changes.changed:
        lines += ["### Changed", ""]
        for record_id, (path, field_changes) in changes.changed.items():
            lines += [
                f"#### `{_kind(path)}/{record_id}`",
                "",
                "| field | before | after |",
                "| --- | --- | --- |",
            ]
            lines += [
                f"| `{c.field}` | {_cell(c.before)} | {_cell(c.after)} |" for c in field_changes
            ]
            lines.append("")
    if changes.unreadable:
        lines += ["### Could not be read", ""]
        lines += [f"- `{p}` at `{side}`: {why}" for side, p, why in changes.unreadable] + [""]
    return visible_lines(lines) + "\n"
