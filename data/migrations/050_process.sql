-- The COP as a process (issue 24): its register of parties, each territory's steps, its meetings, the
-- territories' engineering needs and the programmes they belong to. Vocabularies: domain/process.py.

-- The register of parties of a regional COP: organisations, by a code the register gives them (its file's
-- « code »), stable once given; a collectivité names its territory. Imported (loaders/parties.py) and edited by
-- the team (domain/parties.py).
CREATE TABLE parties (
    region          VARCHAR NOT NULL,
    code            VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    territory_level VARCHAR,
    territory_code  VARCHAR,
    siren           VARCHAR,
    import_id       INTEGER,
    PRIMARY KEY (region, code)
);

-- The parties' contacts: personal data kept to the least (name, role, e-mail), read by the regional team only
-- (domain/permissions.py, Read.CONTACTS).
CREATE TABLE party_contacts (
    region     VARCHAR NOT NULL,
    party_code VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    role       VARCHAR,
    email      VARCHAR,
    import_id  INTEGER,
    PRIMARY KEY (region, party_code, name)
);

-- The four steps of the COP for the region, each département and CRTE: planned and actual dates, a state.
CREATE TABLE territory_steps (
    territory_level VARCHAR NOT NULL CHECK (territory_level IN ('region', 'departement', 'crte')),
    territory_code  VARCHAR NOT NULL,
    step            INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),
    state           VARCHAR NOT NULL CHECK (state IN ('à venir', 'en cours', 'fait')),
    planned_start   DATE,
    planned_end     DATE,
    actual_start    DATE,
    actual_end      DATE,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL,
    PRIMARY KEY (territory_level, territory_code, step)
);

CREATE SEQUENCE meeting_id_seq START 1;

-- A meeting of the COP's instances; starts_at and ends_at in UTC (domain/clock.py). version_id: the frozen
-- roadmap version presented; sectors: the projection prepared for it (JSON list of the agenda's sectors).
CREATE TABLE meetings (
    meeting_id      INTEGER PRIMARY KEY,
    region          VARCHAR NOT NULL,
    instance        VARCHAR NOT NULL,
    territory_level VARCHAR NOT NULL,
    territory_code  VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    place           VARCHAR,
    minutes         VARCHAR,
    version_id      INTEGER,
    sectors         VARCHAR,
    prepared_at     TIMESTAMP,
    prepared_by     VARCHAR,
    version         INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL
);

CREATE TABLE meeting_parties (
    meeting_id INTEGER NOT NULL,
    party_code VARCHAR NOT NULL,
    invited    BOOLEAN NOT NULL,
    present    BOOLEAN NOT NULL,
    PRIMARY KEY (meeting_id, party_code)
);

CREATE TABLE meeting_agenda (
    meeting_id INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    title      VARCHAR NOT NULL,
    sector     VARCHAR,                -- the sector of the SGPE the item is about: its projection screens
    PRIMARY KEY (meeting_id, position)
);

CREATE SEQUENCE meeting_decision_id_seq START 1;

-- What a meeting decided; a decision about a commitment keeps the review it produced (commitment_reviews) and
-- the commitment's status before and after it.
CREATE TABLE meeting_decisions (
    decision_id   INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    commitment_id INTEGER,
    review_id     INTEGER,
    status_before VARCHAR,
    status_after  VARCHAR,
    decided_at    TIMESTAMP NOT NULL,
    decided_by    VARCHAR NOT NULL
);

-- The minutes uploaded (PDF, ODT or DOCX), whole, with their SHA-256.
CREATE TABLE meeting_minutes (
    meeting_id  INTEGER PRIMARY KEY,
    file_name   VARCHAR NOT NULL,
    media_type  VARCHAR NOT NULL,
    size        BIGINT NOT NULL,
    sha256      VARCHAR NOT NULL,
    content     BLOB NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    uploaded_by VARCHAR NOT NULL
);

CREATE SEQUENCE need_id_seq START 1;

CREATE TABLE territory_needs (
    need_id         INTEGER PRIMARY KEY,
    region          VARCHAR NOT NULL,
    territory_level VARCHAR NOT NULL,
    territory_code  VARCHAR NOT NULL,
    theme           VARCHAR NOT NULL,
    description     VARCHAR NOT NULL,
    priority        VARCHAR NOT NULL,
    responders      VARCHAR,           -- who could answer, comma-separated (domain/process.py RESPONDERS)
    state           VARCHAR NOT NULL CHECK (state IN ('exprimé', 'en cours', 'satisfait')),
    created_at      TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL
);

-- The national programmes a territory (often a commune) belongs to, imported with their codes.
CREATE TABLE territory_programmes (
    programme       VARCHAR NOT NULL,
    territory_level VARCHAR NOT NULL,
    territory_code  VARCHAR NOT NULL,
    since_year      INTEGER,
    import_id       INTEGER,
    PRIMARY KEY (programme, territory_level, territory_code)
);

-- One history of each, of the shape of commitment_history (domain/history.py): the record, when, who, with which
-- role, the action and the changes {field: [before, after]}.
CREATE SEQUENCE process_history_id_seq START 1;

CREATE TABLE party_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('process_history_id_seq'),
    party      VARCHAR NOT NULL,       -- « <region>:<code> »
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,
    role       VARCHAR,
    action     VARCHAR NOT NULL,
    changes    VARCHAR NOT NULL
);

CREATE TABLE step_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('process_history_id_seq'),
    step_key   VARCHAR NOT NULL,       -- « <level>:<code>:<step> »
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,
    role       VARCHAR,
    action     VARCHAR NOT NULL,
    changes    VARCHAR NOT NULL
);

CREATE TABLE meeting_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('process_history_id_seq'),
    meeting_id INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,
    role       VARCHAR,
    action     VARCHAR NOT NULL,
    changes    VARCHAR NOT NULL
);

CREATE TABLE need_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('process_history_id_seq'),
    need_id    INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,
    role       VARCHAR,
    action     VARCHAR NOT NULL,
    changes    VARCHAR NOT NULL
);

-- A commitment's porteur may be a party of the register (its code in the commitment's region); a frozen version
-- keeps it with the commitment's other columns (domain/snapshots.py).
ALTER TABLE commitments ADD COLUMN carrier_party VARCHAR;
