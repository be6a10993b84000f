"""Cross-record rules, each shown failing on a minimal change to real records."""

from __future__ import annotations

from civicdata.validate import validate


def _errors(project, path):
    report = validate(project, [path])
    return [(p.line, p.message, p.hint) for p in report.problems]


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_dataset_is_valid(repo):
    report = validate(repo)
    assert report.problems == []
    assert len(report.loaded) == report.files_checked > 0


def test_every_kind_has_a_record(repo):
    kinds = {item.kind for item in validate(repo).loaded}
    assert kinds == {
        "source",
        "person",
        "organization",
        "policy",
        "vote",
        "ruling",
        "event",
        "claim",
    }


def test_ids_are_unique_across_kinds(sandbox):
    copy = sandbox.data_dir / "event" / "larry-krasner.yaml"
    original = sandbox.data_dir / "event" / "krasner-pars-statement-2018-07-11.yaml"
    copy.write_text(
        original.read_text().replace("krasner-pars-statement-2018-07-11", "larry-krasner", 1)
    )
    [(line, message, _)] = _errors(sandbox, copy)
    assert (
        line == 1 and "id `larry-krasner` is already used by person/larry-krasner.yaml" in message
    )


def test_role_end_before_start(sandbox):
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    _edit(path, "    start: 2018-01\n", "    start: 2018-01\n    end: 2017\n")
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 9 and "role ends (2017) before it starts (2018-01)" in message


def test_end_in_same_year_as_start_is_not_before_it(sandbox):
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    _edit(path, "    start: 2018-01\n", "    start: 2018-05-01\n    end: 2018\n")
    assert _errors(sandbox, path) == []


def test_statuses_oldest_first(sandbox):
    path = sandbox.data_dir / "policy" / "pars-ice-access-contract.yaml"
    _edit(path, "    date: 2018-08\n", "    date: 2018-06\n")
    [(line, message, hint)] = _errors(sandbox, path)
    assert (
        line == 29
        and "status `ended` (2018-06) is listed after `under_review` (2018-07)" in message
    )
    assert hint == "list statuses oldest first"


def test_voter_must_be_eligible(sandbox):
    path = sandbox.data_dir / "vote" / "pars-contract-renewal-2018.yaml"
    _edit(path, "  - voter: city-of-philadelphia", "  - voter: larry-krasner")
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 19 and "`larry-krasner` states a position but is not among `eligible`" in message


def test_threshold_not_above_eligible(sandbox):
    path = sandbox.data_dir / "vote" / "pars-contract-renewal-2018.yaml"
    _edit(path, "threshold: 2", "threshold: 4")
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 6 and "threshold 4 is more than the 3 eligible voters" in message


def test_claim_quote_must_be_in_a_cited_seed(sandbox):
    path = sandbox.data_dir / "claim" / "krasner-pledges-no-vote-on-pars.yaml"
    _edit(
        path,
        'quote: "Let me be crystal clear: I will absolutely',
        'quote: "Let me be clear: I will absolutely',
    )
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 4 and "the claim's `quote` is not found in any source it cites" in message


def test_claim_quote_error_says_where_the_copy_leaves_the_article(sandbox):
    """The hint chapter 9 promises for every quote: `the first N characters match …`."""
    path = sandbox.data_dir / "claim" / "krasner-pledges-no-vote-on-pars.yaml"
    text = path.read_text()
    start = text.index('quote: "') + len('quote: "')
    quote = text[start : text.index('"', start)]
    changed = quote[:30] + "XYZ" + quote[33:]
    path.write_text(text.replace(f'quote: "{quote}"', f'quote: "{changed}"', 1))
    [hint] = [p.hint for p in validate(sandbox).problems if p.path == path and p.loc == ("quote",)]
    assert hint.startswith("the first 30 characters match the article"), hint


def test_typographic_quotes_match_straight_ones(repo):
    path = repo.data_dir / "claim" / "krasner-pledges-no-vote-on-pars.yaml"
    # The seed prints ‘no’ with curly quotes; the record types 'no'.
    assert "‘no’" in (repo.seeds_dir / "003_6262f93e461ddc76.txt").read_text()
    assert "be a ‘no’ vote" in path.read_text() or "be a 'no' vote" in path.read_text()
    assert _errors(repo, path) == []


def test_seed_file_must_exist(sandbox):
    path = sandbox.data_dir / "source" / "whyy-2018-da-vows-to-protect-immigrant-victims.yaml"
    _edit(path, "file: 000_9ef18d3464c072e1.txt", "file: 000_9ef18d3464c072e2.txt")
    problems = _errors(sandbox, path)
    assert (
        2,
        "no seed file `seeds/000_9ef18d3464c072e2.txt`",
        "did you mean `000_9ef18d3464c072e1.txt`?",
    ) in problems


def test_government_body_needs_ocd_id(sandbox):
    path = sandbox.data_dir / "organization" / "first-judicial-district.yaml"
    _edit(path, "ocd_id: ocd-division/country:us/state:pa/county:philadelphia\n", "")
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 3 and "a court needs an `ocd_id`" in message


def test_ocd_id_format(sandbox):
    path = sandbox.data_dir / "organization" / "first-judicial-district.yaml"
    _edit(path, "ocd-division/country:us/state:pa", "ocd-division/us/pa")
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 5 and "`ocd_id`: String should match pattern" in message


PRIVATE = """id: anlin-wang
name: Anlin Wang
public_figure: false
description: {description}
citations:
  - source: article-2018-07-end-ice-access-to-pars
    quote: protest organizer Anlin Wang said
"""


def test_private_person_without_sensitive_details_is_fine(sandbox):
    path = sandbox.data_dir / "person" / "anlin-wang.yaml"
    path.write_text(PRIVATE.format(description="protest organizer"))
    assert _errors(sandbox, path) == []


def test_private_person_with_sensitive_detail_is_rejected(sandbox):
    path = sandbox.data_dir / "person" / "anlin-wang.yaml"
    path.write_text(PRIVATE.format(description="protest organizer, injured at a protest"))
    [(line, message, hint)] = _errors(sandbox, path)
    assert line == 4 and "sensitive detail `injured` on a private individual" in message
    assert "only as speakers" in hint


def test_private_person_cannot_be_a_claims_subject(sandbox):
    (sandbox.data_dir / "person" / "anlin-wang.yaml").write_text(
        PRIVATE.format(description="protest organizer")
    )
    path = sandbox.data_dir / "claim" / "krasner-pledges-no-vote-on-pars.yaml"
    _edit(path, "about: [pars-ice-access-contract,", "about: [anlin-wang,")
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 6 and "`anlin-wang` is a private individual and cannot be the subject" in message


def test_public_figure_may_have_any_description(sandbox):
    path = sandbox.data_dir / "person" / "anlin-wang.yaml"
    path.write_text(
        PRIVATE.format(description="protest organizer, injured at a protest").replace(
            "public_figure: false", "public_figure: true"
        )
    )
    assert _errors(sandbox, path) == []


def test_reference_to_invalid_record_is_not_reported_as_unknown(sandbox):
    path = sandbox.data_dir / "organization" / "whyy.yaml"
    _edit(path, "name: WHYY", "name: ''")
    report = validate(sandbox)
    assert [p.path.name for p in report.problems] == ["whyy.yaml"]
