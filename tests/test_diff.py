"""civicdata diff: added, changed field by field, removed, renamed, and broken files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from civicdata.diff import diff, render_markdown, render_text
from tests.conftest import _git


def test_added_removed_renamed_changed(history):
    changes = diff(history, "HEAD~1", "HEAD")
    assert changes.added == [("jane-doe", "civicdata/data/person/jane-doe.yaml")]
    assert changes.removed == [("whyy", "civicdata/data/organization/whyy.yaml")]
    assert [(old, new) for old, new, _, _ in changes.renamed] == [("politico", "politico-news")]
    path, fields = changes.changed["larry-krasner"]
    assert path == "civicdata/data/person/larry-krasner.yaml"
    assert [(f.field, f.before, f.after) for f in fields] == [
        ("roles[0].start", "2018-01", "2018-01-02")
    ]


def test_broken_yaml_is_reported_not_fatal(history):
    changes = diff(history, "HEAD~1", "HEAD")
    [(side, path, why)] = changes.unreadable
    assert side == "HEAD" and path.endswith("kenney-meets-vamos-juntos-2018-07.yaml")
    assert "3:1: duplicate key `title`" in why
    # the record is neither added nor removed because of it
    assert "kenney-meets-vamos-juntos-2018-07" not in {i for i, _ in changes.removed}


def test_broken_on_the_base_side_too(history):
    changes = diff(history, "HEAD", "HEAD~1")
    assert [side for side, _, _ in changes.unreadable] == ["HEAD"]
    assert changes.added == [("whyy", "civicdata/data/organization/whyy.yaml")]


def test_working_tree_is_the_default_head(history):
    (history.data_dir / "person" / "john-roe.yaml").write_text("id: john-roe\nname: John Roe\n")
    changes = diff(history, "HEAD")
    assert changes.added == [("john-roe", "civicdata/data/person/john-roe.yaml")]


def test_markdown_for_the_job_summary(history):
    text = render_markdown(diff(history, "HEAD~1", "HEAD"))
    assert "**1 added, 1 changed, 1 removed, 1 renamed**" in text
    assert "| `roles[0].start` | `2018-01` | `2018-01-02` |" in text
    assert "### Could not be read" in text


def test_command_and_unknown_revision(history, cli):
    code, out, _ = cli("--root", str(history.root), "diff", "HEAD~1", "HEAD")
    # 1: the head has a file that cannot be read (a duplicate key), reported with the rest
    assert code == 1 and out.startswith(
        "records HEAD~1..HEAD: 1 added, 1 changed, 1 removed, 1 renamed"
    )
    assert "~ person/larry-krasner" in out and "roles[0].start: 2018-01 -> 2018-01-02" in out
    code, _, err = cli("--root", str(history.root), "diff", "no-such-branch")
    assert code == 2 and "cannot read the revisions" in err


def test_no_changes(history):
    assert (
        render_markdown(diff(history, "HEAD~1", "HEAD~1")).rstrip().endswith("No record changed.")
    )


def _commit(root, message):
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(
            ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
            check=True,
            capture_output=True,
        )


def test_identical_blobs_are_skipped_and_git_runs_three_times(history, monkeypatch):
    """Two rev-parses (the name, then its commit) and one ls-tree per side, plus one
    cat-file for every blob: not one process per file."""
    calls = []
    real_popen = subprocess.Popen

    def counting_popen(command, *args, **kwargs):  # subprocess.run starts a Popen too
        calls.append(command[3])  # git -C ROOT <subcommand>
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    changes = diff(history, "HEAD~1", "HEAD")
    # each revision verified as a commit, listed once, then one cat-file for every blob
    side = ["rev-parse", "rev-parse", "ls-tree"]
    assert calls == [*side, *side, "cat-file"]
    records = len(list(history.data_dir.glob("*/*.yaml")))
    # every file but the five touched ones (krasner, jane-doe, politico-news, the broken event) is skipped
    assert changes.unchanged == records - 4


def test_renames_are_matched_by_content_not_by_order(history):
    data = history.data_dir
    people = sorted((data / "person").glob("*.yaml"))[:3]
    for path in people:
        text = path.read_text().replace(f"id: {path.stem}", f"id: {path.stem}-renamed")
        (path.parent / f"{path.stem}-renamed.yaml").write_text(text)
        path.unlink()
    _commit(history.root, "rename three")
    changes = diff(history, "HEAD~1", "HEAD")
    assert [(old, new) for old, new, _, _ in changes.renamed] == [
        (p.stem, f"{p.stem}-renamed") for p in people
    ]
    assert changes.added == [] and changes.removed == [] and changes.changed == {}


def test_declared_renames_show_even_when_the_content_changed(history):
    data = history.data_dir
    old = data / "person" / "larry-krasner.yaml"
    text = old.read_text().replace("id: larry-krasner", "id: lawrence-krasner")
    (data / "person" / "lawrence-krasner.yaml").write_text(text.replace("2018-01-02", "2018-01"))
    old.unlink()
    history.renames_file.write_text("larry-krasner: lawrence-krasner\n")
    _commit(history.root, "declared rename")
    changes = diff(history, "HEAD~1", "HEAD")
    assert [(o, n) for o, n, _, _ in changes.renamed] == [("larry-krasner", "lawrence-krasner")]
    assert changes.declared == {"larry-krasner"} and not changes.added and not changes.removed
    _, fields = changes.changed["lawrence-krasner"]
    assert [(f.field, f.before, f.after) for f in fields] == [
        ("roles[0].start", "2018-01-02", "2018-01")
    ]
    assert "> person/larry-krasner renamed to lawrence-krasner (declared in renames.yaml)" in (
        render_text(changes)
    )
    # the same, against the working tree
    assert diff(history, "HEAD~1").declared == {"larry-krasner"}


def test_symlinked_files_in_a_revision_are_reported_not_read(history, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\npassword: hunter2\n")
    (history.data_dir / "person" / "secret.yaml").symlink_to(secret)
    _commit(history.root, "a link")
    changes = diff(history, "HEAD~1", "HEAD")
    assert not changes.added and not changes.changed  # reported, never read
    assert changes.unreadable == [
        (
            "HEAD",
            "civicdata/data/person/secret.yaml",
            "1:1: this is a symbolic link, not a regular file",
        )
    ]
    assert "hunter2" not in render_text(diff(history, "HEAD~1"))


def test_the_id_line_shortcut_agrees_with_parsing_every_file(history):
    """Files that differ only in their id line are not parsed twice; the answer is the same."""
    from civicdata.diff import compare, snapshot

    for path in sorted((history.data_dir / "claim").glob("*.yaml"))[:4]:
        text = path.read_text().replace(f"id: {path.stem}", f"id: x-{path.stem}")
        (path.parent / f"x-{path.stem}.yaml").write_text(text)
        path.unlink()
    _commit(history.root, "rename claims")
    fast = diff(history, "HEAD~2", "HEAD")
    slow = compare(snapshot(history, "HEAD~2"), snapshot(history, "HEAD"), "HEAD~2", "HEAD")
    assert len(fast.renamed) == 5  # politico and the four claims
    for name in ("added", "removed", "renamed", "changed", "unreadable"):
        assert getattr(fast, name) == getattr(slow, name), name


def test_a_declared_merge_into_an_unchanged_record(history):
    """The record it merged into is identical on both sides, so it is never read; still found."""
    data = history.data_dir
    (data / "person" / "jane-doe.yaml").unlink()
    history.renames_file.write_text("jane-doe: larry-krasner\n")
    _commit(history.root, "merge jane-doe into larry-krasner")
    changes = diff(history, "HEAD~1", "HEAD")
    assert changes.renamed == [
        (
            "jane-doe",
            "larry-krasner",
            "civicdata/data/person/jane-doe.yaml",
            "civicdata/data/person/larry-krasner.yaml",
        )
    ]
    assert changes.removed == [] and changes.changed == {}


def test_an_oversized_blob_is_refused_while_read_not_kept(history):
    from civicdata.strict_yaml import MAX_FILE_BYTES

    big = history.data_dir / "person" / "big-file.yaml"
    big.write_bytes(b"id: big-file\nnotes: " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    _commit(history.root, "a huge file")
    changes = diff(history, "HEAD~1", "HEAD")
    assert changes.unreadable == [
        (
            "HEAD",
            "civicdata/data/person/big-file.yaml",
            f"1:1: the file is over {MAX_FILE_BYTES:,} bytes, the most a record file may be",
        )
    ]
    assert not changes.added


@pytest.mark.parametrize(
    "revision",
    [
        "HEAD:civicdata",  # a tree: would list every record as added
        "HEAD^{tree}",
        "HEAD:civicdata/data/person/larry-krasner.yaml",  # a blob
        "--output=/tmp/civicdata-diff-x",  # an option, not a revision
        "-p",
        "no-such-branch",
        "HEAD\x1b[2J",
        "^HEAD",  # a negation: git's own 'fatal' reached the reader
        "HEAD~1..HEAD",  # a range: two objects, not one
    ],
)
def test_each_revision_must_name_a_commit(history, cli, revision):
    for args in ([revision], ["HEAD", revision]):
        code, out, err = cli("--root", str(history.root), "diff", "--", *args)
        assert code == 2 and out == "", (args, out)
        assert "cannot read the revisions" in err and "\x1b" not in err
    assert not Path("/tmp/civicdata-diff-x").exists()


def test_a_commit_found_by_its_message_is_a_commit(history, cli):
    """`:/text` names the newest commit whose message matches; `^{commit}` appended to
    it in one step became part of the text searched for, and it was refused."""
    message = _git(history.root, "log", "-1", "--format=%s", "HEAD~1").strip()
    code, out, err = cli("--root", str(history.root), "diff", f":/{message}", "HEAD")
    assert code == 1 and out.startswith(f"records :/{message}..HEAD: 1 added"), err


def test_a_tag_of_a_commit_is_a_commit(history, cli):
    _git(history.root, "tag", "-a", "-m", "base", "v1", "HEAD~1")
    code, out, _ = cli("--root", str(history.root), "diff", "v1", "HEAD")
    assert code == 1 and out.startswith("records v1..HEAD: 1 added")


def test_two_files_of_one_id_are_both_shown(history):
    """Keeping the last file of an id dropped the other's change without a word."""
    person = history.data_dir / "person" / "larry-krasner.yaml"
    text = person.read_text()
    (history.data_dir / "vote" / "zzz.yaml").write_text(text)
    person.write_text(text.replace("name: Larry Krasner", "name: Lawrence Krasner"))
    _commit(history.root, "x")
    changes = diff(history, "HEAD~1", "HEAD")
    [(side, path, why)] = changes.unreadable
    assert side == "HEAD"
    assert path == "civicdata/data/vote/zzz.yaml" and "already used by" in why
    assert [f.field for f in changes.changed["larry-krasner"][1]] == ["name"]


def test_a_renames_file_of_comments_only_declares_nothing_and_is_no_problem(history, cli):
    renames = history.root / "civicdata" / "renames.yaml"
    renames.write_text("# old-id: new-id, one per line, when a record's id changes\n")
    code, out, _ = cli("--root", str(history.root), "diff", "HEAD")
    assert code == 0 and "could not be read" not in out, out


def test_a_renames_file_that_cannot_be_read_is_reported(history, cli):
    renames = history.root / "civicdata" / "renames.yaml"
    renames.write_text("old-id: new-id\n\t- oops\n")
    _commit(history.root, "x")
    changes = diff(history, "HEAD~1", "HEAD")
    assert ("HEAD", "civicdata/renames.yaml") in {(s, p) for s, p, _ in changes.unreadable}
    renames.unlink()
    renames.symlink_to(history.root / "seeds")  # a link on disk: refused, not skipped
    changes = diff(history, "HEAD")
    [why] = [w for _, p, w in changes.unreadable if p == "civicdata/renames.yaml"]
    assert "symbolic link" in why
    code, _, _ = cli("--root", str(history.root), "diff", "HEAD")
    assert code == 1


@pytest.mark.parametrize("gone", ["seeds", "civicdata/data"])
def test_diff_outside_a_checkout_is_refused_not_empty(history, cli, monkeypatch, gone):
    """Without seeds/ or civicdata/data/ no checkout is found: diff compared the
    installed package's folder, found nothing in the repository and said so, exit 0."""
    import shutil

    shutil.rmtree(history.root / gone)
    _commit(history.root, "x")
    monkeypatch.chdir(history.root)
    monkeypatch.delenv("CIVICDATA_ROOT", raising=False)
    code, out, err = cli("diff", "HEAD~1", "HEAD")
    assert code == 2 and out == "", out
    assert "not inside" in err and "checkout" in err
