-- civicdata as SQLite: one table per kind, link tables for lists, views for
-- common questions. Partial dates are kept as written (`date`) and as the
-- first and last day they may mean (`date_first`, `date_last`), so that SQL
-- compares them as intervals, the same way the Python API does.

PRAGMA foreign_keys = ON;

-- Every record, whatever its kind: the target of references that accept
-- several kinds (a claim's speaker may be a person or an organization).
CREATE TABLE record (
    id   TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,   -- name, title, headline or the claim's opening words
    path TEXT NOT NULL    -- the YAML file, relative to the checkout
);

CREATE TABLE source (
    id              TEXT PRIMARY KEY REFERENCES record (id),
    file            TEXT NOT NULL,
    headline        TEXT,
    outlet          TEXT NOT NULL,
    publisher_id    TEXT REFERENCES organization (id),
    published       TEXT,
    published_first TEXT,
    published_last  TEXT,
    byline          TEXT,
    date_note       TEXT,
    notes           TEXT,
    label           TEXT NOT NULL  -- the headline, or outlet and date: Datasette's label
);

CREATE TABLE organization (
    id             TEXT PRIMARY KEY REFERENCES record (id),
    name           TEXT NOT NULL,
    classification TEXT NOT NULL,
    ocd_id         TEXT,
    parent_id      TEXT REFERENCES organization (id),
    notes          TEXT
);

CREATE TABLE person (
    id            TEXT PRIMARY KEY REFERENCES record (id),
    name          TEXT NOT NULL,
    public_figure INTEGER NOT NULL CHECK (public_figure IN (0, 1)),
    description   TEXT,
    notes         TEXT
);

CREATE TABLE alias (
    record_id TEXT NOT NULL REFERENCES record (id),
    alias     TEXT NOT NULL,
    PRIMARY KEY (record_id, alias)
);

CREATE TABLE role (
    person_id       TEXT NOT NULL REFERENCES person (id),
    seq             INTEGER NOT NULL,   -- position in the person's `roles` list
    title           TEXT NOT NULL,
    organization_id TEXT REFERENCES organization (id),
    start           TEXT,
    start_first     TEXT,
    start_last      TEXT,
    "end"           TEXT,
    end_first       TEXT,
    end_last        TEXT,
    ended_by        TEXT,               -- ended no later than this; when, no text says
    ended_by_first  TEXT,
    ended_by_last   TEXT,
    note            TEXT,
    PRIMARY KEY (person_id, seq)
);

CREATE TABLE policy (
    id      TEXT PRIMARY KEY REFERENCES record (id),
    title   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    summary TEXT NOT NULL,
    notes   TEXT
);

CREATE TABLE policy_adopter (
    policy_id TEXT NOT NULL REFERENCES policy (id),
    actor_id  TEXT NOT NULL REFERENCES record (id),
    PRIMARY KEY (policy_id, actor_id)
);

CREATE TABLE policy_status (
    policy_id  TEXT NOT NULL REFERENCES policy (id),
    seq        INTEGER NOT NULL,
    status     TEXT NOT NULL,
    date       TEXT NOT NULL,
    date_first TEXT NOT NULL,
    date_last  TEXT NOT NULL,
    note       TEXT,
    PRIMARY KEY (policy_id, seq)
);

CREATE TABLE vote (
    id         TEXT PRIMARY KEY REFERENCES record (id),
    title      TEXT NOT NULL,
    rule       TEXT NOT NULL,
    threshold  INTEGER,
    result     TEXT NOT NULL,
    date       TEXT,
    date_first TEXT,
    date_last  TEXT,
    notes      TEXT
);

CREATE TABLE vote_about (
    vote_id   TEXT NOT NULL REFERENCES vote (id),
    policy_id TEXT NOT NULL REFERENCES policy (id),
    PRIMARY KEY (vote_id, policy_id)
);

CREATE TABLE vote_eligible (
    vote_id  TEXT NOT NULL REFERENCES vote (id),
    voter_id TEXT NOT NULL REFERENCES record (id),
    PRIMARY KEY (vote_id, voter_id)
);

CREATE TABLE vote_position (
    vote_id    TEXT NOT NULL REFERENCES vote (id),
    seq        INTEGER NOT NULL,
    voter_id   TEXT NOT NULL REFERENCES record (id),
    position   TEXT NOT NULL,   -- 'yes', 'no', 'undecided' …: text, never a boolean
    date       TEXT,
    date_first TEXT,
    date_last  TEXT,
    note       TEXT,
    PRIMARY KEY (vote_id, seq)
);

CREATE TABLE ruling (
    id         TEXT PRIMARY KEY REFERENCES record (id),
    title      TEXT NOT NULL,
    court_id   TEXT NOT NULL REFERENCES organization (id),
    date       TEXT NOT NULL,
    date_first TEXT NOT NULL,
    date_last  TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    held       TEXT NOT NULL,
    appeal     TEXT NOT NULL,
    notes      TEXT
);

CREATE TABLE ruling_judge (
    ruling_id TEXT NOT NULL REFERENCES ruling (id),
    person_id TEXT NOT NULL REFERENCES person (id),
    PRIMARY KEY (ruling_id, person_id)
);

CREATE TABLE ruling_party (
    ruling_id TEXT NOT NULL REFERENCES ruling (id),
    actor_id  TEXT NOT NULL REFERENCES record (id),
    side      TEXT NOT NULL,
    PRIMARY KEY (ruling_id, actor_id, side)
);

CREATE TABLE ruling_policy (
    ruling_id TEXT NOT NULL REFERENCES ruling (id),
    policy_id TEXT NOT NULL REFERENCES policy (id),
    PRIMARY KEY (ruling_id, policy_id)
);

CREATE TABLE event (
    id             TEXT PRIMARY KEY REFERENCES record (id),
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    date           TEXT NOT NULL,
    date_first     TEXT NOT NULL,
    date_last      TEXT NOT NULL,
    end_date       TEXT,
    end_date_first TEXT,
    end_date_last  TEXT,
    location       TEXT,
    notes          TEXT
);

CREATE TABLE event_participant (
    event_id TEXT NOT NULL REFERENCES event (id),
    actor_id TEXT NOT NULL REFERENCES record (id),
    role     TEXT,
    PRIMARY KEY (event_id, actor_id)
);

CREATE TABLE event_related (
    event_id  TEXT NOT NULL REFERENCES event (id),
    record_id TEXT NOT NULL REFERENCES record (id),
    PRIMARY KEY (event_id, record_id)
);

CREATE TABLE claim (
    id         TEXT PRIMARY KEY REFERENCES record (id),
    speaker_id TEXT NOT NULL REFERENCES record (id),
    kind       TEXT NOT NULL,
    quote      TEXT NOT NULL,
    date       TEXT,
    date_first TEXT,
    date_last  TEXT,
    event_id   TEXT REFERENCES event (id),
    summary    TEXT,
    notes      TEXT
);

-- What a claim is about: its targets.
CREATE TABLE claim_about (
    claim_id  TEXT NOT NULL REFERENCES claim (id),
    record_id TEXT NOT NULL REFERENCES record (id),
    PRIMARY KEY (claim_id, record_id)
);

CREATE TABLE claim_response (
    claim_id       TEXT NOT NULL REFERENCES claim (id),
    responds_to_id TEXT NOT NULL REFERENCES claim (id),
    PRIMARY KEY (claim_id, responds_to_id)
);

-- The quote that states each link: a claim's `about`, `responds_to` and
-- `event`, a policy's `adopted_by` (their `link_citations`). These rows are
-- also in `citation`, under the field `link_citations[n]`.
CREATE TABLE link_citation (
    record_id TEXT NOT NULL REFERENCES record (id),
    seq       INTEGER NOT NULL,
    field     TEXT NOT NULL,
    target_id TEXT NOT NULL REFERENCES record (id),
    source_id TEXT NOT NULL REFERENCES source (id),
    quote     TEXT NOT NULL,
    PRIMARY KEY (record_id, seq)
);

-- Every citation, top-level or nested (`field` says where: roles[0], statuses[1] …).
CREATE TABLE citation (
    record_id TEXT NOT NULL REFERENCES record (id),
    field     TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES source (id),
    quote     TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
);

CREATE INDEX record_kind ON record (kind);
CREATE INDEX role_organization ON role (organization_id);
CREATE INDEX policy_adopter_actor ON policy_adopter (actor_id);
CREATE INDEX vote_position_voter ON vote_position (voter_id);
CREATE INDEX event_date ON event (date_first);
CREATE INDEX event_participant_actor ON event_participant (actor_id);
CREATE INDEX claim_speaker ON claim (speaker_id);
CREATE INDEX claim_date ON claim (date_first);
CREATE INDEX claim_about_record ON claim_about (record_id);
CREATE INDEX claim_response_target ON claim_response (responds_to_id);
CREATE INDEX citation_source ON citation (source_id);
CREATE INDEX link_citation_target ON link_citation (record_id, field, target_id);

-- Each stated position with the names of the vote and the voter.
CREATE VIEW positions_per_vote AS
SELECT v.id AS vote_id, v.title AS vote, p.seq, p.voter_id, r.name AS voter,
       p.position, p.date, p.note
FROM vote_position AS p
JOIN vote AS v ON v.id = p.vote_id
JOIN record AS r ON r.id = p.voter_id
ORDER BY v.id, p.date_first, p.seq;

-- How many claims of each kind every speaker made.
CREATE VIEW claims_per_speaker AS
SELECT c.speaker_id, r.kind AS speaker_kind, r.name AS speaker, c.kind AS claim_kind,
       COUNT(*) AS claims
FROM claim AS c
JOIN record AS r ON r.id = c.speaker_id
GROUP BY c.speaker_id, c.kind
ORDER BY claims DESC, c.speaker_id;

-- How many records (other than the source itself) cite each source.
CREATE VIEW records_per_source AS
SELECT s.id AS source_id, s.outlet, s.published,
       COUNT(DISTINCT CASE WHEN c.record_id <> s.id THEN c.record_id END) AS records,
       COUNT(c.record_id) AS citations
FROM source AS s
LEFT JOIN citation AS c ON c.source_id = s.id
GROUP BY s.id
ORDER BY records DESC;
