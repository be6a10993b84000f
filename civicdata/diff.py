"""``civicdata diff BASE [HEAD]``: what a change does to the records, field by field.

Records are read from git revisions (HEAD may also be the working tree), so
a pull request's job summary can say "2 added, 1 changed" and show each
changed field, instead of a raw text diff. Broken YAML on either side is
reported and skipped, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .files_io import MAX_FILE_BYTES, decode, read_bytes
from .problems import YamlProblem
from .project import WORKTREE, Project
from .record_files import name_problem, scan
from .strict_yaml import loads
from .text import fold, visible

_REGULAR_FILE_MODES = {"100644", "100755"}
_GIT_MODES = {"120000": "a symbolic link", "160000": "a submodule"}


class DiffError(UsageError):
    """A revision could not be read (unknown ref, not a git checkout …): exit 2."""


@dataclass
class Snapshot:
    """The records of one revision: id -> (path, parsed data); unreadable files apart.

    Files whose blob is identical on both sides are left out (``unchanged``
    counts them): they cannot differ, so they are never read or parsed.
    """

    records: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # path -> reason
    unchanged_paths: dict[str, str] = field(default_factory=dict)  # id (file stem) -> path

    @property
    def unchanged(self) -> int:
        return len(self.unchanged_paths)


def _git(project: Project, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(project.root), *args], input=stdin, capture_output=True, check=False
        )
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror}") from error
    if result.returncode != 0:
        raise DiffError(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return result.stdout


def _data_prefix(project: Project) -> str:
    return project.relative(project.data_dir)


def _renames_path(project: Project) -> str:
    return project.relative(project.renames_file)


def _is_record_path(name: str, prefix: str) -> bool:
    """``<data>/<kind>/<id>.yaml``, nothing nested deeper (string tests: 10,000s of paths)."""
    return (
        name.endswith(".yaml")
        and name.startswith(prefix + "/")
        and name.count("/", len(prefix) + 1) == 1
    )


def _stem(path: str) -> str:
    return path.rpartition("/")[2].removesuffix(".yaml")


def _tree(project: Project, revision: str) -> tuple[dict[str, str], dict[str, str]]:
    """Path -> blob id for every record file (and the renames file) at ``revision``,
    and path -> why for files under the data folder that are not records.

    One ``git ls-tree``; the same rules as the working tree's gate
    (:mod:`civicdata.record_files`): links, submodules, misplaced or oversized
    files are reported, never read.
    """
    prefix, renames = _data_prefix(project), _renames_path(project)
    listing = _git(project, "ls-tree", "-r", "-z", "--full-tree", revision, "--", prefix, renames)
    blobs: dict[str, str] = {}
    refused: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_name = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        name = raw_name.decode("utf-8", "surrogateescape")
        regular = kind == "blob" and mode in _REGULAR_FILE_MODES
        if name == renames:
            if regular:
                blobs[name] = oid
            else:  # a link or a submodule there: its renames are unknown, and said so
                refused[name] = f"1:1: this is {_GIT_MODES.get(mode, 'not a regular file')}"
            continue
        if regular and _is_record_path(name, prefix):
            blobs[name] = oid  # an oversized blob is refused while it is read
            continue
        parts = tuple(name[len(prefix) + 1 :].split("/"))
        problem = name_problem(Path(name), parts)
        why = problem.message if problem else "not a record file"
        if mode in _GIT_MODES:
            why = f"this is {_GIT_MODES[mode]}, not a regular file"
        refused[name] = f"1:1: {why}"
    return blobs, refused


def _blob_id(data: bytes, algorithm: str) -> str:
    """The id git gives these bytes as a blob (so working files compare with commits)."""
    digest = hashlib.new(algorithm, b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def _worktree(project: Project) -> tuple[dict[str, str], dict[str, bytes], dict[str, str]]:
    """Blob ids and bytes of the record files on disk, and the refused files with why.

    Files come through the one gate (``record_files.scan``) and are read with
    ``read_bytes`` (bounded, never through a symbolic link).
    """
    algorithm = _git(project, "rev-parse", "--show-object-format").decode().strip() or "sha1"
    contents: dict[str, bytes] = {}
    refused: dict[str, str] = {}
    paths = []
    for entry in scan(project.data_dir):
        if entry.problem is not None:
            refused[project.relative(entry.path)] = f"1:1: {entry.problem.message}"
        else:
            paths.append(entry.path)
    if project.renames_file.is_symlink():
        refused[project.relative(project.renames_file)] = (
            "1:1: this is a symbolic link, not a regular file; it was not followed"
        )
    elif project.renames_file.exists():
        paths.append(project.renames_file)  # read_bytes refuses a pipe or a folder
    for path in paths:
        name = project.relative(path)
        try:
            contents[name] = read_bytes(path)
        except YamlProblem as problem:
            refused[name] = str(problem)  # line:column: message
        except OSError as error:
            refused[name] = f"1:1: cannot read the file: {error.strerror}"
    blobs = {name: _blob_id(data, algorithm) for name, data in contents.items()}
    return blobs, contents, refused


def read_blobs(
    project: Project, ids: list[str], limit: int = MAX_FILE_BYTES
) -> dict[str, bytes | None]:
    """The contents of many blobs from one ``git cat-file --batch`` process.

    Read as a stream: a blob over ``limit`` bytes (the most a record file may
    be) is skipped unkept and maps to None, so memory stays bounded.
    """
    if not ids:
        return {}
    command = ["git", "-C", str(project.root), "cat-file", "--batch"]
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror}") from error
    assert process.stdin is not None and process.stdout is not None
    stdin, out = process.stdin, process.stdout

    def feed() -> None:
        try:
            stdin.write(("\n".join(ids) + "\n").encode())
            stdin.close()
        except OSError:  # git ended early; the reader reports it
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    found: dict[str, bytes | None] = {}
    try:
        for oid in ids:
            header = out.readline().split()
            if len(header) != 3:  # "<id> missing", or git ended
                raise DiffError(f"git has no blob {oid}")
            size = int(header[2])
            if size > limit:
                while size > 0:
                    chunk = out.read(min(size, 1 << 20))
                    if not chunk:
                        raise DiffError(f"git stopped while reading blob {oid}")
                    size -= len(chunk)
                found[oid] = None
            else:
                found[oid] = out.read(size)
            out.read(1)  # each blob is followed by a newline
    finally:
        out.close()
        process.kill()
        process.wait()
        writer.join()
    return found


@dataclass
class _Side:
    name: str
    blobs: dict[str, str]  # path -> blob id
    refused: dict[str, str]  # path -> why it is not read
    contents: dict[str, bytes] | None = None  # the working tree's bytes, already read


def commit_of(project: Project, revision: str) -> str:
    """The commit id ``revision`` names, or :class:`DiffError` if it names no commit.

    ``--end-of-options`` keeps a revision such as ``--output=/tmp/x`` from
    reaching git as an option, and ``^{commit}`` refuses a tree (``HEAD:civicdata``),
    a blob or a tag of either, which would otherwise list as "everything added".
    """
    if not revision or revision.startswith(("-", "^")):  # an option, or a negation
        raise DiffError(f"`{revision}` is not a revision (a branch, tag or commit)")
    refused = DiffError(f"`{revision}` does not name a commit (a branch, tag or commit id)")
    # The name first, then its object peeled to a commit: `REV^{commit}` in one step
    # would put `^{commit}` inside a `:/message` search.
    try:
        named = _git(project, "rev-parse", "--verify", "--quiet", "--end-of-options", revision)
        oid = named.decode().strip()
        if not _OBJECT_ID.fullmatch(oid):  # e.g. `A..B` lists two
            raise refused
        found = _git(project, "rev-parse", "--verify", "--quiet", f"{oid}^{{commit}}")
    except DiffError:
        raise refused from None
    return found.decode().strip()


_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _side(project: Project, revision: str) -> _Side:
    if revision == WORKTREE:
        blobs, contents, refused = _worktree(project)
        return _Side(revision, blobs, refused, contents)
    return _Side(revision, *_tree(project, commit_of(project, revision)))


def _bytes(side: _Side, path: str, texts: dict[str, bytes | None]) -> bytes | None:
    return side.contents[path] if side.contents is not None else texts[side.blobs[path]]


def _snapshot(
    project: Project,
    side: _Side,
    skip: set[str],
    texts: dict[str, bytes | None],
    renamed_from: dict[str, tuple[str, dict[str, Any]]] | None = None,
) -> Snapshot:
    """Parse every file of ``side`` but those in ``skip``.

    ``renamed_from`` maps a path to ``(id, data)`` already known without
    parsing it (a file that differs from a parsed one only in its id line).
    """
    renames = _renames_path(project)
    found = Snapshot(unchanged_paths={_stem(p): p for p in skip if p != renames})
    found.unreadable.update(side.refused)
    known = renamed_from or {}
    for path in sorted(side.blobs):
        if path in skip or path == renames:
            continue
        if path in known:
            record_id, parsed = known[path]
            found.records[record_id] = (path, parsed)
            continue
        data = _bytes(side, path, texts)
        if data is None:
            found.unreadable[path] = (
                f"1:1: the file is over {MAX_FILE_BYTES:,} bytes, the most a record file may be"
            )
            continue
        try:
            parsed = loads(decode(data))
        except YamlProblem as problem:
            found.unreadable[path] = str(problem)  # line:column: message
            continue
        record_id = given if isinstance(given := parsed.get("id"), str) else _stem(path)
        # Two files of one id: keeping the last would drop the other's changes unseen.
        other = found.records.get(record_id, (None,))[0] or found.unchanged_paths.get(record_id)
        if other is not None and other != path:
            found.unreadable[path] = f"1:1: id `{record_id}` is already used by {other}"
            continue
        found.records[record_id] = (path, parsed)
    return found


_ANY_ID_LINE = re.compile(rb"^id:", re.MULTILINE)
_ID_LINE = re.compile(rb"^id:[ \t]*([a-z0-9]+(?:-[a-z0-9]+)*)[ \t]*\r?\n", re.MULTILINE)


def _split_id_line(data: bytes) -> tuple[str, bytes] | None:
    """``(id, the bytes without the id line)`` if exactly one line is ``id: <slug>``."""
    found = list(_ID_LINE.finditer(data))
    if len(found) != 1 or len(_ANY_ID_LINE.findall(data)) != 1:
        return None  # a second `id:` line (e.g. `id: "x"`, or inside a quoted scalar)
    line = found[0]
    return line.group(1).decode(), data[: line.start()] + data[line.end() :]


def _same_but_id(
    old: _Side, new: _Side, base: Snapshot, texts: dict[str, bytes | None]
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Files new at head whose bytes equal a file gone from base but for the id line.

    The base file was parsed and its ``id`` is that line's, so the head file
    parses to the same mapping with the new id: no need to parse it. A rename
    of 5,000 records thus parses 5,000 files, not 10,000.
    """
    by_rest: dict[bytes, tuple[str, dict[str, Any]]] = {}
    for record_id, (path, data) in base.records.items():
        if path in new.blobs:
            continue
        split = _split_id_line(_bytes(old, path, texts) or b"")
        if split and split[0] == record_id == data.get("id"):
            by_rest.setdefault(split[1], (record_id, data))
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in new.blobs:
        if path in old.blobs or not by_rest:
            continue
        split = _split_id_line(_bytes(new, path, texts) or b"")
        if split and (match := by_rest.get(split[1])) and split[0] != match[0]:
            found[path] = (split[0], {**match[1], "id": split[0]})
    return found


def declared_renames(
    project: Project, side: _Side, texts: dict[str, bytes | None], unreadable: dict[str, str]
) -> dict[str, str]:
    """``civicdata/renames.yaml`` at this side: ``old-id: new-id`` lines, if the file exists.

    A file that does not parse declares nothing, and is added to ``unreadable`` (its
    renames would show as a removal and an addition: the reader must know why).
    """
    path = _renames_path(project)
    if path not in side.blobs:
        return {}
    data = _bytes(side, path, texts)
    if data is None:
        unreadable[path] = f"1:1: the file is over {MAX_FILE_BYTES:,} bytes"
        return {}
    try:
        text = decode(data)
        if not any(
            line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()
        ):
            return {}  # only its header comments: no rename declared yet
        parsed = loads(text)
    except YamlProblem as problem:
        unreadable[path] = str(problem)  # line:column: message
        return {}
    return {str(k): v for k, v in parsed.items() if isinstance(v, str)}


def snapshot(project: Project, revision: str) -> Snapshot:
    """Every record at ``revision`` (WORKTREE: the files on disk)."""
    side = _side(project, revision)
    texts = read_blobs(project, sorted(set(side.blobs.values()))) if side.contents is None else {}
    return _snapshot(project, side, set(), texts)


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
    declared: set[str] = field(default_factory=set)  # old ids renamed in renames.yaml
    unchanged: int = 0  # record files identical on both sides, never read

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


def _content_key(data: dict[str, Any]) -> str:
    """The record without its id, as one canonical string: equal keys, same content."""
    rest = {k: v for k, v in data.items() if k != "id"}
    return json.dumps(rest, sort_keys=True, ensure_ascii=False, default=str)


def compare(
    base: Snapshot,
    head: Snapshot,
    base_name: str,
    head_name: str,
    declared: dict[str, str] | None = None,
) -> Changes:
    """What changed from ``base`` to ``head``.

    A record that disappeared while one with the same content (all but the
    id) appeared was renamed; so was one whose rename ``declared`` (from
    ``civicdata/renames.yaml``) names, even if its content changed too. Renames
    are matched through a hash map of content keys, so 5,000 of them cost
    5,000 lookups, not 5,000 x 5,000 comparisons.
    """
    changes = Changes(base_name, head_name)
    changes.unreadable = [(base_name, p, why) for p, why in base.unreadable.items()]
    changes.unreadable += [(head_name, p, why) for p, why in head.unreadable.items()]
    # A file unreadable on one side is neither added nor removed: we cannot tell.
    unknown = {_stem(p) for p in [*base.unreadable, *head.unreadable]}
    gone = {i: base.records[i] for i in base.records.keys() - head.records.keys() - unknown}
    new = {i: head.records[i] for i in head.records.keys() - base.records.keys() - unknown}
    # The renames file names what a retired id became: a new record (renamed, its
    # field changes shown against the old one) or one that already existed (merged).
    for old_id, new_id in sorted((declared or {}).items()):
        target = head.records.get(new_id)
        new_path = target[0] if target else head.unchanged_paths.get(new_id)
        if old_id not in gone or new_path is None:
            continue
        old_path, old_data = gone.pop(old_id)
        changes.renamed.append((old_id, new_id, old_path, new_path))
        changes.declared.add(old_id)
        if new_id in new:
            new_data = new.pop(new_id)[1]
            field_changes = [c for c in _field_changes(old_data, new_data) if c.field != "id"]
            if field_changes:
                changes.changed[new_id] = (new_path, field_changes)
    candidates: dict[str, list[str]] = {}
    for new_id in sorted(new, reverse=True):  # popped from the end: smallest id first
        candidates.setdefault(_content_key(new[new_id][1]), []).append(new_id)
    for old_id in sorted(gone):
        old_path, old_data = gone[old_id]
        matches = candidates.get(_content_key(old_data))
        if matches:
            new_id = matches.pop()
            changes.renamed.append((old_id, new_id, old_path, new.pop(new_id)[0]))
            del gone[old_id]
    changes.renamed.sort()
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
    """The record changes from revision ``base`` to ``head`` (default: the working tree).

    Both sides are listed with their blob ids (``git ls-tree``; working files
    are hashed the way git hashes them); a path whose blob is the same on both
    sides is skipped unread. Every other blob is read through one
    ``git cat-file --batch`` process.
    """
    old, new = _side(project, base), _side(project, head)
    renames = _renames_path(project)
    same = {path for path, oid in old.blobs.items() if new.blobs.get(path) == oid}
    wanted = {
        oid
        for side in (old, new)
        if side.contents is None
        for path, oid in side.blobs.items()
        if path not in same or path == renames
    }
    texts = read_blobs(project, sorted(wanted))
    before = _snapshot(project, old, same, texts)
    after = _snapshot(project, new, same, texts, _same_but_id(old, new, before, texts))
    declared = declared_renames(project, new, texts, after.unreadable)
    changes = compare(before, after, base, head, declared)
    changes.unchanged = len(same - {renames})
    return changes


def _show(value: Any) -> str:
    """A value for the terminal or a summary, shortened (escaped with its whole line)."""
    if value is None:
        return "(none)"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _shown_pair(change: FieldChange) -> tuple[Any, Any]:
    """Before and after as shown; spelled out in escapes when they would look the same.

    A no-break space for a space, a Cyrillic `а` for a Latin `a`, a decomposed
    `é`: the values differ but print alike, and a reviewer would read "changed
    to itself". Then every non-ASCII character is written as its escape.
    """
    before, after = change.before, change.after
    if isinstance(before, str) and isinstance(after, str) and fold(before) == fold(after):
        return _ascii(before), _ascii(after)
    return before, after


def _ascii(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")


def _kind(path: str) -> str:
    return path.rsplit("/", 2)[-2] if "/" in path else ""


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
        how = " (declared in renames.yaml)" if old in changes.declared else ""
        lines.append(f"> {_kind(old_path)}/{old} renamed to {new}{how}")
    for record_id, (path, field_changes) in changes.changed.items():
        lines.append(f"~ {_kind(path)}/{record_id}")
        for change in field_changes:
            before, after = _shown_pair(change)
            lines.append(f"    {change.field}: {_show(before)} -> {_show(after)}")
    for side, path, why in changes.unreadable:
        lines.append(f"! {path} at {side} could not be read: {why}")
    return lines


def _code(text: str) -> str:
    """Markdown code span safe for any text: nothing inside is a link, tag, mention or cell break.

    The fence is one backtick longer than the longest run inside, ``|`` is
    escaped for GitHub's tables, and line breaks are already escapes.
    """
    text = visible(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(value: Any) -> str:
    return "(none)" if value is None else _code(_show(value))


def render_markdown(changes: Changes) -> str:
    """For a pull request's job summary (GITHUB_STEP_SUMMARY)."""
    lines = [
        f"## Dataset changes ({changes.base}..{changes.head})",  # revisions: from the command
        "",
        f"**{counts_line(changes)}**",
        "",
    ]
    if changes.empty:
        return "\n".join([*lines, "No record changed."]) + "\n"
    if changes.added:
        lines += ["### Added", ""] + [f"- {_code(f'{_kind(p)}/{i}')}" for i, p in changes.added]
        lines.append("")
    if changes.removed:
        lines += ["### Removed", ""] + [f"- {_code(f'{_kind(p)}/{i}')}" for i, p in changes.removed]
        lines.append("")
    if changes.renamed:
        lines += ["### Renamed", ""]
        lines += [
            f"- {_code(f'{_kind(op)}/{o}')} → {_code(n)}"
            + (" (declared)" if o in changes.declared else "")
            for o, n, op, _ in changes.renamed
        ]
        lines.append("")
    if changes.changed:
        lines += ["### Changed", ""]
        for record_id, (path, field_changes) in changes.changed.items():
            lines += [
                f"#### {_code(f'{_kind(path)}/{record_id}')}",
                "",
                "| field | before | after |",
                "| --- | --- | --- |",
            ]
            lines += [
                f"| {_code(c.field)} | {' | '.join(map(_cell, _shown_pair(c)))} |"
                for c in field_changes
            ]
            lines.append("")
    if changes.unreadable:
        lines += ["### Could not be read", ""]
        lines += [
            f"- {_code(p)} at {_code(side)}: {_code(why)}" for side, p, why in changes.unreadable
        ]
        lines.append("")
    return visible_lines(lines) + "\n"
