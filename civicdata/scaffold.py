"""``civicdata new``: a record skeleton that validates once its blanks are filled.

The skeleton is generated from the model, so it never drifts from it: every
required field appears with an empty placeholder and its description, and the
optional fields are listed in a comment.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from pydantic import BaseModel

from .dates import PartialDate
from .errors import CivicdataError, UsageError
from .files_io import MAX_SEED_BYTES, create_new, decode, read_bytes
from .introspect import enum_in, field_ref, literal_values, model_in
from .models import MODELS
from .models.base import MAX_ID_LENGTH, SLUG_PATTERN, kinds_text
from .problems import YamlProblem
from .schema import schema_file_name
from .text import visible

CITATION_BLOCK = (
    "citations:\n"
    '  - source: ""  # id of a source record (see civicdata/data/source/)\n'
    '    quote: ""  # words copied exactly from that article\n'
)


LINK_BLOCK = (
    "# Each link ({fields}) is a fact too: quote the words that state it.\n"
    "# link_citations:\n"
    "#   - field: {first}  # which link\n"
    '#     to: ""  # the id it points to, as in that field\n'
    '#     source: ""  # id of a source record\n'
    '#     quote: ""  # the words that say so, e.g. "Vega said in response"\n'
)


def _link_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The link fields a model's `link_citations` may name, read from the model."""
    citation = model_in(model.model_fields["link_citations"].annotation)
    assert citation is not None
    return literal_values(citation.model_fields["field"].annotation)


class ScaffoldError(CivicdataError):
    """Why no file was written; ``usage`` when the command line itself was wrong (exit 2)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message, exit_code=UsageError.exit_code if usage else None)
        self.usage = usage


def check_id(record_id: str) -> None:
    """Refuse an id the model would refuse, before it becomes part of a path."""
    shown = visible(record_id if len(record_id) <= 60 else record_id[:57] + "...")
    if "/" in record_id or "\\" in record_id or ".." in record_id:
        raise ScaffoldError(
            f"`{shown}` is not a valid id: an id names one file, so it cannot hold `/`, "
            "`\\` or `..`",
            usage=True,
        )
    if len(record_id) > MAX_ID_LENGTH:
        raise ScaffoldError(
            f"the id is {len(record_id)} characters long; ids are at most {MAX_ID_LENGTH}",
            usage=True,
        )
    if not re.fullmatch(SLUG_PATTERN, record_id):
        raise ScaffoldError(
            f"`{shown}` is not a valid id: use lowercase words and digits joined by "
            "hyphens, e.g. `larry-krasner`",
            usage=True,
        )


def scaffold_text(kind: str, record_id: str, schema_path: str | None = None) -> str:
    """The skeleton; ``schema_path`` is the schema's path relative to the new file."""
    model = MODELS[kind]
    schema_path = schema_path or f"../../../schemas/{schema_file_name(kind)}"
    lines = [
        f"# yaml-language-server: $schema={schema_path}",
        f"# A new {kind}. Fill in every blank, then run `civicdata validate` on this file.",
        f"id: {record_id}",
    ]
    optional = []
    for name, field in model.model_fields.items():
        if name in {"id", "citations"}:
            continue
        if not field.is_required():
            optional.append(name)
            continue
        comment = (field.description or "").split(";")[0].rstrip(".")
        enum = enum_in(field.annotation)
        ref = field_ref(field)
        if enum is not None:
            comment = "one of: " + ", ".join(member.value for member in enum)
        elif ref is not None:
            comment = f"id of {kinds_text(ref.kinds)}"
        elif field.annotation is PartialDate:
            comment = "YYYY, YYYY-MM or YYYY-MM-DD. " + comment
        if field.annotation is bool:
            value = ""
            comment = "true or false. " + comment
        elif getattr(field.annotation, "__origin__", None) is list:
            value = " []"
        else:
            value = ' ""'
        lines.append(f"{name}:{value}  # {comment}".rstrip(" #."))
    body = "\n".join(lines) + "\n" + CITATION_BLOCK
    if "link_citations" in model.model_fields:
        fields = _link_fields(model)
        body += LINK_BLOCK.format(fields=", ".join(fields), first=fields[0])
    if optional:
        body += f"# optional fields: {', '.join(optional)}\n"
    return body


def seed_name(data: bytes, seeds_dir: Path) -> str:
    """The name the convention gives a new article (checks.SEED_NAME, docs/contributing.md).

    The next free three-digit number, then the first 16 hex digits of the
    article's SHA-256.
    """
    numbers = [int(p.name[:3]) for p in seeds_dir.glob("*.txt") if p.name[:3].isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


def add_seed(article: Path, seeds_dir: Path) -> Path:
    """Copy an article into ``seeds/`` under the naming convention; never overwrite.

    The article is read like every seed (a regular UTF-8 file, bounded, never
    through a link) and refused if ``seeds/`` already holds the same bytes.
    """
    try:
        data = read_bytes(article, MAX_SEED_BYTES, "a seed article")
        decode(data)  # the bytes are copied as they are, once they are known to be UTF-8
    except YamlProblem as problem:
        raise ScaffoldError(f"{visible(str(article))}:{problem}") from None
    except OSError as error:
        raise ScaffoldError(f"cannot read {visible(str(article))}: {error.strerror}") from None
    for existing in sorted(seeds_dir.glob("*.txt")):
        if existing.is_file() and not existing.is_symlink() and existing.read_bytes() == data:
            raise ScaffoldError(f"this article is already in seeds/ as {existing.name}")
    target = seeds_dir / seed_name(data, seeds_dir)
    try:
        create_new(target, data)
    except FileExistsError:
        raise ScaffoldError(f"{target} already exists; nothing was written") from None
    return target


def create(
    data_dir: Path,
    kind: str,
    record_id: str,
    taken_ids: set[str],
    schema_dir: Path | None = None,
    seed: str | None = None,
) -> Path:
    """Write the skeleton to ``data_dir/kind/id.yaml``; never overwrite anything.

    ``seed``: for a source, the seed file name its ``file:`` is set to.
    """
    if kind not in MODELS:
        raise ScaffoldError(f"unknown kind `{kind}`; kinds: {', '.join(MODELS)}", usage=True)
    check_id(record_id)
    path = data_dir / kind / f"{record_id}.yaml"
    if record_id in taken_ids and not path.exists():
        raise ScaffoldError(f"id `{record_id}` is already used by another record")
    if path.parent.is_symlink():
        raise ScaffoldError(
            f"{path.parent} is a symbolic link; records are written only into real folders"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = None
    if schema_dir is not None:
        target = schema_dir / schema_file_name(kind)
        schema = Path(os.path.relpath(target.resolve(), path.parent.resolve())).as_posix()
    text = scaffold_text(kind, record_id, schema)
    if seed is not None:
        text = re.sub(r'(?m)^file: ""', f"file: {seed}", text, count=1)
    try:
        create_new(path, text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; nothing was written") from None
    return path
