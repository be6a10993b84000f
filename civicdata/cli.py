"""The ``civicdata`` command. Output formats here are a contract (DESIGN.md §4)."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .errors import CivicdataError, UsageError  # UsageError stays importable from here
from .export.formats import EXPORT_FORMATS, FORMATS_BY_NAME
from .project import KINDS, WORKTREE, Project

# Everything else is imported inside the command that needs it, so that
# `civicdata --help` loads neither pydantic nor pytest (benchmarks/bench_startup.py).
if TYPE_CHECKING:
    from .dataset import Dataset


def _project(args: argparse.Namespace) -> Project:
    if not args.root:
        return Project.find()
    root = args.root.resolve()
    if not Project.is_checkout(root):
        what = "does not exist" if not root.exists() else "is not a civicdata checkout"
        raise UsageError(
            f"--root {args.root} {what} (a checkout has seeds/ and civicdata/data/ folders)"
        )
    return Project(root)


def _checkout(args: argparse.Namespace) -> Project:
    """The project for a command that writes; NotACheckout outside one."""
    return _project(args).require_checkout(args.command)


def cmd_validate(args: argparse.Namespace) -> int:
    from .problems import format_github, format_text, summary
    from .validate import validate

    paths = [Path(p) for p in args.paths] if args.paths else None
    project = _project(args)
    if project.packaged and paths and not args.root:
        # Files named outside a checkout belong to the checkout around them, if any.
        project = Project.find(paths[0].resolve().parent)
        outside = [p for p in paths if not p.resolve().is_relative_to(project.data_dir)]
        if project.packaged and outside:
            raise UsageError(
                f"{outside[0]} is not inside a civicdata checkout (no seeds/ and "
                "civicdata/data/ in or above its folder); records are checked against their "
                "own checkout's seeds and records. Pass --root CHECKOUT"
            )
    if project.packaged:
        print(f"note: not inside a checkout; checking {project.description}", file=sys.stderr)
    report = validate(project, paths)
    for problem in report.problems:
        print(format_text(problem))
        if args.format == "github":
            print(format_github(problem))
    print(summary(report.problems, report.files_checked, len(report.loaded)))
    return 0 if report.ok else 1


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, add_seed, check_id, create
    from .validate import dataset_files

    project = _checkout(args)
    taken = {path.stem for path in dataset_files(project)}
    target = Path(args.dir) if args.dir else project.data_dir
    seed = None
    if args.seed is not None:
        if args.kind != "source":
            raise ScaffoldError("--seed goes with `new source`", usage=True)
        check_id(args.id)
        if (target / "source" / f"{args.id}.yaml").exists() or args.id in taken:
            raise ScaffoldError(f"id `{args.id}` is already used; nothing was written")
        seed = add_seed(Path(args.seed), project.seeds_dir)
    try:
        path = create(
            target, args.kind, args.id, taken, project.schema_dir, seed.name if seed else None
        )
    except ScaffoldError:
        if seed is not None:
            seed.unlink()  # the copy this command just made, and nothing else
        raise
    if seed is not None:
        print(f"added the article as {_shown(seed)}")
    shown = _shown(path)
    print(f"created {shown}")
    # Name the file: with --dir it lies outside the dataset that a bare `validate` checks.
    print(f"fill in the blanks, then run: {_as_typed()} validate {shown}")
    return 0


def _as_typed() -> str:
    """How the user started this command, for the next one we suggest.

    `uv run` marks the processes it starts; outside an activated environment
    a bare `civicdata` is "command not found", so suggest what worked.
    """
    return "uv run civicdata" if os.environ.get("UV_RUN_RECURSION_DEPTH") else "civicdata"


def _shown(path: Path) -> str:
    """A path as the user would type it (relative to the working directory when inside
    it), its control and invisible characters written as escapes for the terminal."""
    from .text import visible

    try:
        return visible(str(path.resolve().relative_to(Path.cwd().resolve())))
    except ValueError:
        return visible(str(path))


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    out = Path(args.out) if args.out else _checkout(args).schema_dir
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder; give a folder for the schema files")
    for path in write_schemas(out):
        print(f"wrote {_shown(path)}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    dataset = _dataset_or_report(args)
    from .stats import render as render_stats

    print(render_stats(dataset))
    return 0


# Where each format is written by default, from its declaration (export/formats.py).
DEFAULT_OUT = {fmt.name: fmt.default_out for fmt in EXPORT_FORMATS}


def _dataset_or_report(args: argparse.Namespace) -> Dataset:
    """The valid dataset; else its problems are printed and the command fails (exit 1)."""
    from .loading import DatasetError, load
    from .problems import format_text

    try:
        return load(_project(args))
    except DatasetError as error:
        for problem in error.problems:
            print(format_text(problem))
        raise CivicdataError(
            f"{args.command} needs a valid dataset; fix the problems above first"
        ) from None


def cmd_export(args: argparse.Namespace) -> int:
    from .export.files import check_target

    out = Path(args.out or DEFAULT_OUT[args.format])
    check_target(args.format, out, force=args.force)  # ExportRefused: a usage error, exit 2
    dataset = _dataset_or_report(args)
    try:
        written = FORMATS_BY_NAME[args.format].export(dataset, out)
    except OSError as error:
        raise CivicdataError(f"cannot write {out}: {error.strerror}") from None
    where = _shown(out) if len(written) == 1 else f"{_shown(out)}/ ({len(written)} files)"
    if written[0] == out and len(written) > 1:  # a file and its companions (sqlite)
        where = ", ".join(_shown(path) for path in written)
    print(f"wrote {args.format} export of {len(dataset)} records to {where}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import DiffError, diff, render_markdown, render_text

    project = _project(args)
    if project.packaged:  # found no checkout: the installed package's records are no repository
        raise DiffError(
            f"`civicdata diff` compares revisions of a checkout, and {Path.cwd()} is not inside "
            "one (no seeds/ and civicdata/data/ in it or above it)",
            hint="run it inside a clone of the repository, or pass --root CHECKOUT",
        )
    try:
        changes = diff(project, args.base, args.head)
    except DiffError as error:
        raise DiffError(f"cannot read the revisions: {error}") from None
    print(render_markdown(changes) if args.format == "markdown" else render_text(changes))
    # A file that could not be read (broken YAML, a submodule, a link) is a change
    # nobody can review: reported above, and the exit status says so (1, as validate).
    return 1 if changes.unreadable else 0


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors are :class:`UsageError`s: printed by :func:`main`
    in the one format (``error: …`` and a hint) like every other refusal, not as
    argparse's own ``usage: …`` block. Sub-commands' parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, hint=f"`{self.prog} --help` lists what it takes")


def build_parser() -> argparse.ArgumentParser:
    root_help = "the checkout to use (default: found from the working directory)"
    parser = _Parser(
        prog="civicdata", description="Cited civic data records: validate, scaffold, export."
    )
    parser.add_argument("--version", action="version", version=f"civicdata {__version__}")
    parser.add_argument("--root", type=Path, help=root_help)
    # `--root` also after the subcommand; SUPPRESS keeps it from resetting the first one.
    common = _Parser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=root_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "validate", parents=[common], help="check records; exit 1 if any problem"
    )
    check.add_argument("paths", nargs="*", help="files or folders (default: the whole dataset)")
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github also prints ::error annotations for GitHub Actions",
    )
    check.set_defaults(run=cmd_validate)

    new = commands.add_parser(
        "new", parents=[common], help="write a record skeleton (never overwrites)"
    )
    new.add_argument("kind", choices=KINDS, metavar="KIND", help=", ".join(KINDS))
    new.add_argument("id", metavar="ID", help="the new record's id, e.g. jane-doe")
    new.add_argument(
        "--dir", help="folder holding <kind>/ folders (default: the dataset, civicdata/data)"
    )
    new.add_argument(
        "--seed",
        metavar="FILE",
        help="with `new source`: copy the article FILE into seeds/ as NNN_<16 hex>.txt "
        "and set the source's `file:` to it",
    )
    new.set_defaults(run=cmd_new)

    schema = commands.add_parser(
        "schema", parents=[common], help="write the JSON Schema of every kind"
    )
    schema.add_argument("--out", help="folder to write to (default: schemas/ in the checkout)")
    schema.set_defaults(run=cmd_schema)
    stats = commands.add_parser("stats", parents=[common], help="count records per kind")
    stats.set_defaults(run=cmd_stats)

    export = commands.add_parser("export", parents=[common], help="write the dataset as files")
    export.add_argument("--format", choices=list(DEFAULT_OUT), required=True)
    export.add_argument(
        "--out",
        help="file (a folder for "
        + ", ".join(fmt.name for fmt in EXPORT_FORMATS if fmt.folder)
        + "); default: "
        + ", ".join(f"{fmt}: {path}" for fmt, path in DEFAULT_OUT.items()),
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace --out even if it is not a previous export of this format",
    )
    export.set_defaults(run=cmd_export)
    changes = commands.add_parser(
        "diff", parents=[common], help="records added, changed and removed between revisions"
    )
    changes.add_argument("base", help="git revision to compare from, e.g. origin/main")
    changes.add_argument(
        "head", nargs="?", default=WORKTREE, help="git revision to compare to (default: your files)"
    )
    changes.add_argument("--format", choices=["text", "markdown"], default="text")
    changes.set_defaults(run=cmd_diff)

    from .grading.commands import add_commands as add_grading_commands

    add_grading_commands(commands, common)
    return parser


# Commands that load the whole dataset and end: the process's only garbage-collector tuning.
_LOADING_COMMANDS = {"validate", "new", "stats", "export", "diff", "schema"}


@contextmanager
def command_gc(command: str) -> Iterator[None]:
    """The cyclic garbage collector off while a short, loading command runs.

    Loading builds hundreds of thousands of small, acyclic objects that all
    stay alive; with the collector on, each pass re-scans them (10,000 records
    validated 40% slower). Reference counting still frees every object as soon
    as it is unused, and records hold no cycles. This is the package's only
    garbage-collector tuning, applied by :func:`main` (and by tests and
    benchmarks that time a command as it runs); ``civicdata.load()`` leaves
    its caller's collector alone. ``grade`` and ``hint`` (which may watch for
    minutes) keep the default.
    """
    import gc

    paused = command in _LOADING_COMMANDS and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _describe(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. The one error boundary: no traceback reaches the user.

    Every refusal is a :class:`~civicdata.errors.CivicdataError`, printed here
    in one format (``problems.format_error``: ``error: message``, then a
    ``hint:`` line where there is one) and ending with its ``exit_code``.
    Exit codes: 0 fine, 1 problems found (or a file could not be read or
    written), 2 usage errors and refusals, 130 interrupted, 141 output pipe
    closed early (as a program killed by SIGPIPE would report; never 0, which
    would claim success for output nobody read).
    """
    try:
        args = build_parser().parse_args(argv)
        if hasattr(args, "run_with_project"):
            args.run = lambda parsed: parsed.run_with_project(parsed, _checkout(parsed))
        with command_gc(args.command):
            code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except CivicdataError as error:
        return _fail(error)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _drop_stdout()
        return 141
    except OSError as error:
        return _fail(CivicdataError(_describe(error)))


def _fail(error: CivicdataError) -> int:
    """Print ``error`` on stderr in the one format; its exit code."""
    from .problems import format_error

    print(format_error(error), file=sys.stderr)
    return error.exit_code


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the final flush cannot fail again (Python docs' advice)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
