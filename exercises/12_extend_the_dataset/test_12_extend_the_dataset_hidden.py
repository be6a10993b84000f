"""Hidden checks (autograder only): every value of every new record, against the passage.

The public tasks look for the facts; these look at everything else a record
states: no date the passage does not give, every fact cited from the passage
itself, names, kinds and participants as the article has them, and no judging
word in the dataset's own voice. Expected values come from the article and
the dataset, never from a stored answer.
"""

import pytest

from civicdata.checks import neutrality_vocabulary, own_voice
from civicdata.corpus import normalise
from civicdata.grading.calls import call
from civicdata.grading.expect import Mismatch
from civicdata.models import MODELS
from civicdata.walk import links

SOURCE = "article-2018-07-end-ice-access-to-pars"
OUTLET = "outlet-of-2018-pars-article"
CHECK = call("records_check(student)")
# The passage left out on purpose: the paragraph that holds these words.
PASSAGE_MARK = "Casey is up for reelection"
# Judging words this passage and its subject invite, beyond the project's neutrality list.
JUDGING = {
    "xenophobic",
    "racist",
    "nativist",
    "anti-immigrant",
    "hardline",
    "hard-line",
    "extremist",
}

MISCONCEPTIONS = {
    "role_start_invented": (
        "The passage gives no start for any of his roles: a year from memory is a fact "
        "the cited article does not hold. Leave `start` out and say so in the note"
    ),
    "claim_dated_to_a_day": (
        "The article is dated July 2018 and no day: a claim it makes in its own voice is "
        "dated 2018-07, not a day the text never prints"
    ),
}


@pytest.fixture
def added(judge):
    found = judge(CHECK)
    if found.get("invalid") or found["problems"]:
        # Told in full (with its hint) once, by the task records_validate; here its first
        # line is enough to say which error stands in the way.
        first = found["problems"][0]["text"].splitlines()[0] if found["problems"] else ""
        raise Mismatch(
            f"these checks read validated records; first fix the error task records_validate "
            f"shows: {first}"
        )
    if not found["records"]:
        raise Mismatch("no records yet: add files as records/<kind>/<id>.yaml")
    return [MODELS[item["kind"]].model_validate(item["data"]) for item in found["records"]]


def _passage(dataset):
    seed = dataset.corpus.get(dataset.get(SOURCE).file)
    return next(p for p in seed.text.split("\n") if PASSAGE_MARK in p)


def _kind(records, model_name):
    return [r for r in records if type(r).__name__ == model_name]


def _fail(problems):
    if problems:
        raise Mismatch("\n".join(problems))


@pytest.mark.task("no_invented_dates")
def test_no_invented_dates(added, dataset):
    published = dataset.get(SOURCE).published
    problems = []
    for person in _kind(added, "Person"):
        for role in person.roles:
            if role.start is not None:
                problems.append(
                    f"{person.id}: role '{role.title}' starts {role.start}. "
                    + MISCONCEPTIONS["role_start_invented"]
                )
            if "Hazleton" not in role.title and (role.end or role.ended_by):
                problems.append(
                    f"{person.id}: role '{role.title}' has ended by {role.end or role.ended_by}, "
                    "but the article calls him U.S. Rep. in its present tense: it had not ended"
                )
    for claim in _kind(added, "Claim"):
        if claim.date != published:
            why = (
                MISCONCEPTIONS["claim_dated_to_a_day"]
                if claim.date is not None and published.contains(claim.date)
                else f"the article is dated {published}: so is what it says in its own voice"
            )
            problems.append(f"{claim.id}: date {claim.date}. {why}")
    for policy in _kind(added, "Policy"):
        for status in policy.statuses:
            problems.append(
                f"{policy.id}: status `{status.status}` on {status.date}: the passage says he "
                "attempted it and gives no date and no outcome; leave `statuses` empty"
            )
    for event in _kind(added, "Event"):
        if event.end_date is not None:
            problems.append(f"{event.id}: end_date {event.end_date} is not in the passage")
    _fail(problems)


FUNCTION_WORDS = {"and", "for", "the", "who", "that", "this", "with", "from"}


def _words(text):
    return [w.strip(".,;:()'\"").lower() for w in normalise(text).split()]


def _naming_words(records):
    """Words that name each record: a person's surname and office, a record's title."""
    words = {}
    for record in records:
        text = " ".join(
            [getattr(record, "name", "").split()[-1:][0] if getattr(record, "name", "") else ""]
            + [role.title for role in getattr(record, "roles", None) or []]
            + [getattr(record, "title", "") or ""]
        )
        words[record.id] = {w for w in _words(text) if len(w) >= 4}
    return words


def _unstated(record, loc, quote, names, naming=None):
    """What a citation's quote should name to be evidence for its fact, if it names none.

    A role's citation names the office (a word of its title, "Rep." for
    Representative); a person's names the person; an event's names every
    participant; a policy's names what it is about; a claim's holds its words.
    """
    said = [w for w in _words(quote) if len(w) >= 3 and w not in FUNCTION_WORDS]
    kind = type(record).__name__
    if loc and loc[0] == "link_citations":  # a link's quote names what it links to
        target = record.link_citations[loc[1]].to
        wanted = (naming or {}).get(target, set())
        return None if not wanted or wanted & set(said) else f"word naming {target}"
    if kind == "Claim":
        a, b = normalise(quote), normalise(record.quote)
        return None if a in b or b in a else "words of the claim"
    if kind == "Person" and loc[0] == "roles":
        title = [w for w in _words(record.roles[loc[1]].title) if len(w) >= 3]
        found = any(t.startswith(w) for t in title for w in said)
        return None if found else f"word of '{record.roles[loc[1]].title}'"
    if kind == "Person":
        return None if record.name.split()[-1].lower() in said else record.name
    if kind == "Event":
        wanted = [names.get(p.actor, p.actor).split()[-1].lower() for p in record.participants]
        absent = [w for w in wanted if w not in said]
        return ", ".join(absent) or None
    if kind == "Policy":
        title = {w for w in _words(record.title) if len(w) >= 5}
        return None if title & set(said) else f"word of '{record.title}'"
    return None


@pytest.mark.task("cites_the_passage")
def test_cites_the_passage(added, dataset):
    passage = normalise(_passage(dataset))
    names = {p.id: p.name for p in [*dataset.persons, *_kind(added, "Person")]}
    naming = _naming_words([*(item.record for item in dataset.by_id.values()), *added])
    problems = []
    for record in added:
        for loc, citation in links(record).citations:
            where = f"{record.id} {'.'.join(map(str, loc)) or 'citations'}"
            if citation.source != SOURCE:
                problems.append(
                    f"{where} cites {citation.source}: each fact cites the article it comes "
                    f"from, and this passage is in {SOURCE}"
                )
            elif normalise(citation.quote) not in passage:
                problems.append(
                    f"{where}: '{citation.quote}' is in the article but not in the passage "
                    "these records come from; quote the words that state this fact"
                )
            elif missing := _unstated(record, loc, citation.quote, names, naming):
                problems.append(
                    f"{where}: '{citation.quote}' does not state this fact (it names no "
                    f"{missing}); quote the words that do"
                )
        if not record.citations:
            problems.append(f"{record.id} has no citation of its own")
    _fail(problems)


def _judging(text):
    bare = text.replace("“", '"').replace("”", '"')
    outside = "".join(part for n, part in enumerate(bare.split('"')) if n % 2 == 0)
    words = {w.strip(".,;:()'").lower() for w in outside.split()}
    found = words & JUDGING
    match = neutrality_vocabulary().find(outside)
    return sorted(found | ({match.group(0).lower()} if match else set()))


@pytest.mark.task("as_the_article_says")
def test_as_the_article_says(added, dataset):
    passage = normalise(_passage(dataset))
    problems = []
    people = _kind(added, "Person")
    barletta = next((p for p in people if "Barletta" in p.name), None)
    if barletta is None:
        raise Mismatch("no new person named Barletta")
    if barletta.name != "Lou Barletta":
        problems.append(f"name '{barletta.name}': the article names him Lou Barletta")
    for record in added:
        for loc, text in own_voice(record):
            if found := _judging(text):
                problems.append(
                    f"{record.id} {'.'.join(map(str, loc))}: {found}. The dataset's own voice "
                    "uses no judging word outside quotation marks; describe what happened"
                )
    # "Casey is up for reelection and facing ... Barletta": both run; Casey holds the seat.
    fitting = {
        "bob-casey": {"candidate", "incumbent"},
        barletta.id: {"candidate", "challenger", "opponent"},
    }
    for event in _kind(added, "Event"):
        for participant in event.participants:
            role = (participant.role or "").lower()
            if participant.actor in fitting and not any(
                w in role for w in fitting[participant.actor]
            ):
                problems.append(
                    f"{event.id}: {participant.actor} takes part as {participant.role!r}; the "
                    "article makes both candidates in the race (role: candidate)"
                )
        others = {p.actor for p in event.participants} - {"bob-casey", barletta.id}
        if others:
            problems.append(f"{event.id}: {sorted(others)} are not in this race in the passage")
    for policy in _kind(added, "Policy"):
        if str(policy.kind) not in {"law", "other"}:
            problems.append(
                f"{policy.id}: kind {policy.kind}; making English a city's official language "
                f"is a law (or other), not a {policy.kind}"
            )
        if policy.adopted_by != [barletta.id]:
            problems.append(
                f"{policy.id}: adopted_by {policy.adopted_by}; the passage names Barletta, "
                "as mayor, and no one else"
            )
    for claim in _kind(added, "Claim"):
        if normalise(claim.quote) not in passage:
            problems.append(f"{claim.id}: its quote is not in the passage")
        if claim.speaker != OUTLET:
            problems.append(f"{claim.id}: spoken by {claim.speaker}, not the article's outlet")
        extra = set(claim.about) - {record.id for record in added}
        if extra:
            problems.append(
                f"{claim.id}: about {sorted(extra)}, whom the characterization does not concern"
            )
    _fail(problems)
