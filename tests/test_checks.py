"""Cross-record rules, each shown failing on a minimal change to real records."""

from __future__ import annotations

import shutil

from civicdata.kinds import KINDS_BY_NAME
from civicdata.validate import validate
from tests.conftest import REPO


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
    assert kinds == set(KINDS_BY_NAME)


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
    _edit(path, "    to: pars-ice-access-contract", "    to: anlin-wang")  # its link citation
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


BARLETTA = REPO / "exercises" / "12_extend_the_dataset" / "solution" / "records" / "person"


def test_a_role_ended_by_a_date_validates(sandbox):
    """Exercise 12's former mayor: `ended_by` says the role had ended, not when."""
    path = sandbox.data_dir / "person" / "lou-barletta.yaml"
    shutil.copy(BARLETTA / "lou-barletta.yaml", path)
    assert "ended_by: 2018-07" in path.read_text()
    assert _errors(sandbox, path) == []


def test_a_role_cannot_both_end_and_have_ended_by(sandbox):
    path = sandbox.data_dir / "person" / "lou-barletta.yaml"
    shutil.copy(BARLETTA / "lou-barletta.yaml", path)
    _edit(path, "    ended_by: 2018-07\n", "    end: 2010\n    ended_by: 2018-07\n")
    [(line, message, hint)] = _errors(sandbox, path)
    assert line == 13 and "both `end` (2010) and `ended_by` (2018-07)" in message
    assert "former" in hint


def test_a_role_ended_by_before_its_start(sandbox):
    path = sandbox.data_dir / "person" / "lou-barletta.yaml"
    shutil.copy(BARLETTA / "lou-barletta.yaml", path)
    _edit(path, "    ended_by: 2018-07\n", "    start: 2019\n    ended_by: 2018-07\n")
    [(line, message, _)] = _errors(sandbox, path)
    assert line == 13 and "role ends (2018-07) before it starts (2019)" in message


def test_a_reference_to_a_file_in_the_wrong_folder_says_so(sandbox):
    """A person saved under event/ fails there; references to it point at the folder."""
    person = sandbox.data_dir / "person" / "carlos-vega.yaml"
    person.rename(sandbox.data_dir / "event" / "carlos-vega.yaml")
    report = validate(sandbox)
    speakers = [p for p in report.problems if p.loc == ("speaker",)]
    assert speakers, "claims by carlos-vega refer to him as their speaker"
    for problem in speakers:
        assert "`carlos-vega` is only a file in `event/` that does not validate" in problem.message
        assert "move it to `person/`" in problem.hint


# Links need evidence (issue 24) ---------------------------------------------


def test_a_link_without_a_quote_is_refused_at_the_link(sandbox):
    path = sandbox.data_dir / "claim" / "evans-link-to-shootings-absurd.yaml"
    _edit(
        path,
        "responds_to: [vega-links-krasner-approach-to-violence]",
        "responds_to: [vega-links-krasner-approach-to-violence, vega-macys-remark]",
    )
    [(line, message, hint)] = _errors(sandbox, path)
    assert line == 6 and message == "no quote supports the link `responds_to: vega-macys-remark`"
    assert "`link_citations`" in hint and "{field: responds_to, to: vega-macys-remark" in hint


def test_a_claims_event_needs_a_quote_too(sandbox):
    path = sandbox.data_dir / "claim" / "rose-political-theater.yaml"
    _edit(path, "kind: opinion\n", "kind: opinion\nevent: city-hall-encampment-2018-07\n")
    problems = _errors(sandbox, path)
    assert [(line, message) for line, message, _ in problems] == [
        (4, "no quote supports the link `event: city-hall-encampment-2018-07`")
    ]


def test_a_policys_adopter_needs_a_quote(sandbox):
    path = sandbox.data_dir / "policy" / "sessions-asylum-determination.yaml"
    _edit(path, "  - jeff-sessions\n", "  - jeff-sessions\n  - us-department-of-justice\n")
    [(line, message, _)] = _errors(sandbox, path)
    assert message == "no quote supports the link `adopted_by: us-department-of-justice`"
    assert path.read_text().splitlines()[line - 1].strip() == "- us-department-of-justice"


def test_a_link_citation_for_a_link_not_made_is_refused(sandbox):
    path = sandbox.data_dir / "claim" / "evans-link-to-shootings-absurd.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("responds_to: [vega-links-krasner-approach-to-violence]\n", "").replace(
            "about: [larry-krasner, appeal-2020-spike-in-shootings]", "about: [larry-krasner]"
        )
    )
    problems = _errors(sandbox, path)
    messages = sorted(message for _, message, _ in problems)
    assert messages == [
        "`link_citations` supports `about: appeal-2020-spike-in-shootings`, a link this record "
        "does not make",
        "`link_citations` supports `responds_to: vega-links-krasner-approach-to-violence`, "
        "a link this record does not make",
    ]


def test_a_link_citations_quote_must_be_in_the_seed(sandbox):
    path = sandbox.data_dir / "claim" / "krasner-pledges-no-vote-on-pars.yaml"
    _edit(
        path,
        "    quote: District Attorney Larry Krasner said in a written statement",
        "    quote: District Attorney Larry Krasner said at a press conference",
    )
    [(line, message, _)] = _errors(sandbox, path)
    assert message == "quote not found in source `ap-2018-07-11-prosecutor-says-no-to-renewal`"
    assert "press conference" in path.read_text().splitlines()[line - 1]


def test_a_link_citation_names_a_field_of_its_kind(sandbox):
    path = sandbox.data_dir / "claim" / "krasner-pledges-no-vote-on-pars.yaml"
    _edit(path, "  - field: event", "  - field: adopted_by")
    [(_, message, _)] = _errors(sandbox, path)
    assert "field" in message and "responds_to" in message


def test_reported_speech_is_not_dated_by_the_article(sandbox):
    path = sandbox.data_dir / "claim" / "andrade-limit-ice-access.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("kind: opinion\n", "kind: opinion\ndate: 2021-05-17\n").split("notes:")[0]
        + "citations:"
        + text.split("citations:", 1)[1]
    )
    [(line, message, hint)] = _errors(sandbox, path)
    assert line == 4 and "`miguel-andrade` is reported, not publishing" in message
    assert "`event`" in hint and "`notes`" in hint


def test_a_claim_dated_apart_from_its_event_is_refused(sandbox):
    path = sandbox.data_dir / "claim" / "vega-macys-remark.yaml"
    _edit(path, "date: 2021-05-05", "date: 2021-05-17")
    [(_, message, _)] = _errors(sandbox, path)
    assert message == (
        "the claim is dated 2021-05-17 but its event `da-primary-debate-2021-05-05` "
        "is dated 2021-05-05"
    )


def test_an_unknown_link_target_is_one_problem_not_two(sandbox):
    path = sandbox.data_dir / "claim" / "evans-link-to-shootings-absurd.yaml"
    _edit(path, "about: [larry-krasner,", "about: [larry-krasnr, larry-krasner,")
    [(line, message, hint)] = _errors(sandbox, path)
    assert line == 5 and "no record `larry-krasnr`" in message and "larry-krasner" in hint


def test_an_events_day_needs_an_article_of_that_day_or_a_note(sandbox):
    path = sandbox.data_dir / "event" / "kenney-press-conference-2018-07.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("date: 2018-07\n", "date: 2018-07-05\n").split("notes:")[0]
        + "citations:"
        + text.split("citations:", 1)[1]
    )
    [(line, message, hint)] = _errors(sandbox, path)
    assert line == 4 and message == (
        "no cited article is dated 2018-07-05, and no note says where the day comes from"
    )
    assert "`notes`" in hint


def test_an_event_on_its_articles_day_needs_no_note(sandbox):
    path = sandbox.data_dir / "event" / "federal-officials-do-not-answer-ap-2018-07-11.yaml"
    text = path.read_text()
    path.write_text(text.split("notes:")[0] + "citations:" + text.split("citations:", 1)[1])
    assert _errors(sandbox, path) == []
