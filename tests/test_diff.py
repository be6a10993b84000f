"""civicdata diff: added, changed field by field, removed, renamed, and broken files."""

from __future__ import annotations

from civicdata.diff import diff, render_markdown


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
    assert code == 0 and out.startswith(
        "records HEAD~1..HEAD: 1 added, 1 changed, 1 removed, 1 renamed"
    )
    assert "~ person/larry-krasner" in out and "roles[0].start: 2018-01 -> 2018-01-02" in out
    code, _, err = cli("--root", str(history.root), "diff", "no-such-branch")
    assert code == 2 and "cannot read the revisions" in err


def test_no_changes(history):
    assert (
        render_markdown(diff(history, "HEAD~1", "HEAD~1")).rstrip().endswith("No record changed.")
    )
