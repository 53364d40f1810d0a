//! The database schema as a list of migrations. A database records how many
//! it has applied in `PRAGMA user_version`; opening one applies the rest, each
//! in its own transaction. Never edit a migration that has shipped: add one.

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: subscribers, the consent log, tokens, suppressions.
    r"
    CREATE TABLE subscribers (
        id INTEGER PRIMARY KEY,
        address TEXT NOT NULL,
        canonical TEXT NOT NULL UNIQUE,
        name TEXT,
        lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
        status TEXT NOT NULL
            CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained')),
        created_at TEXT NOT NULL,
        confirmed_at TEXT,
        unsubscribed_at TEXT,
        confirmation_sent_at TEXT
    ) STRICT;
    CREATE INDEX subscribers_by_status ON subscribers (status, lang);

    CREATE TABLE consent_events (
        id INTEGER PRIMARY KEY,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('requested', 'confirmation-sent', 'confirmed',
            'consent-imported', 'unsubscribed', 'bounced', 'complained', 'resubscribed')),
        at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('form', 'import', 'cli', 'link', 'one-click', 'smtp')),
        ip TEXT,
        user_agent TEXT,
        consent_version TEXT,
        detail TEXT
    ) STRICT;
    CREATE INDEX consent_events_by_subscriber ON consent_events (subscriber_id, id);
    -- The proof of opt-in is only worth something if nobody can rewrite it.
    CREATE TRIGGER consent_events_are_append_only BEFORE UPDATE ON consent_events
    BEGIN
        SELECT RAISE(ABORT, 'the consent log is append-only');
    END;

    CREATE TABLE tokens (
        selector TEXT PRIMARY KEY,
        verifier_hash BLOB NOT NULL,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'unsubscribe')),
        created_at TEXT NOT NULL,
        expires_at TEXT,
        used_at TEXT,
        UNIQUE (subscriber_id, purpose)
    ) STRICT;

    CREATE TABLE suppressions (
        hash BLOB PRIMARY KEY,
        at TEXT NOT NULL
    ) STRICT;
    ",
    // 2: the delivery journal: one row per issue and recipient.
    r"
    CREATE TABLE sends (
        issue TEXT PRIMARY KEY,
        frozen_at TEXT NOT NULL,
        recipients INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE deliveries (
        issue TEXT NOT NULL REFERENCES sends (issue),
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed-temporarily',
            'failed-permanently', 'skipped')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_reply TEXT,
        message_id TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        sent_at TEXT,
        updated_at TEXT,
        PRIMARY KEY (issue, subscriber_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX deliveries_by_state ON deliveries (issue, state);
    ",
    // 3: a language is any code a workspace has a catalog for, not only de
    // or en. SQLite cannot alter a CHECK, so both tables are rebuilt (the
    // migration runs with foreign keys off, as SQLite's ALTER TABLE
    // documentation prescribes, and checks them before it commits).
    r"
    CREATE TABLE subscribers_new (
        id INTEGER PRIMARY KEY,
        address TEXT NOT NULL,
        canonical TEXT NOT NULL UNIQUE,
        name TEXT,
        lang TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 3 AND lang NOT GLOB '*[^a-z]*'),
        status TEXT NOT NULL
            CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained')),
        created_at TEXT NOT NULL,
        confirmed_at TEXT,
        unsubscribed_at TEXT,
        confirmation_sent_at TEXT
    ) STRICT;
    INSERT INTO subscribers_new SELECT * FROM subscribers;
    DROP TABLE subscribers;
    ALTER TABLE subscribers_new RENAME TO subscribers;
    CREATE INDEX subscribers_by_status ON subscribers (status, lang);

    CREATE TABLE deliveries_new (
        issue TEXT NOT NULL REFERENCES sends (issue),
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        lang TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 3 AND lang NOT GLOB '*[^a-z]*'),
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed-temporarily',
            'failed-permanently', 'skipped')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_reply TEXT,
        message_id TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        sent_at TEXT,
        updated_at TEXT,
        PRIMARY KEY (issue, subscriber_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO deliveries_new SELECT * FROM deliveries;
    DROP TABLE deliveries;
    ALTER TABLE deliveries_new RENAME TO deliveries;
    CREATE INDEX deliveries_by_state ON deliveries (issue, state);
    ",
    // 4: the way back. Consent events may come from a mail (a bounce
    // report, a complaint, a mailed unsubscribe), which the CHECK must
    // allow, so the log is rebuilt as in 3. What came back is kept: a
    // second `inbox` run changes nothing, and `status` can show it per issue.
    r"
    CREATE TABLE consent_events_new (
        id INTEGER PRIMARY KEY,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('requested', 'confirmation-sent', 'confirmed',
            'consent-imported', 'unsubscribed', 'bounced', 'complained', 'resubscribed')),
        at TEXT NOT NULL,
        source TEXT NOT NULL
            CHECK (source IN ('form', 'import', 'cli', 'link', 'one-click', 'smtp', 'mail')),
        ip TEXT,
        user_agent TEXT,
        consent_version TEXT,
        detail TEXT
    ) STRICT;
    INSERT INTO consent_events_new SELECT * FROM consent_events;
    DROP TABLE consent_events;
    ALTER TABLE consent_events_new RENAME TO consent_events;
    CREATE INDEX consent_events_by_subscriber ON consent_events (subscriber_id, id);
    CREATE TRIGGER consent_events_are_append_only BEFORE UPDATE ON consent_events
    BEGIN
        SELECT RAISE(ABORT, 'the consent log is append-only');
    END;

    CREATE TABLE returned_mail (
        key TEXT PRIMARY KEY,
        processed_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('bounce', 'soft-bounce', 'complaint', 'unsubscribe',
            'auto-reply', 'delay')),
        subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE CASCADE,
        mail TEXT,
        status TEXT,
        detail TEXT
    ) STRICT;
    CREATE INDEX returned_mail_by_mail ON returned_mail (mail, kind);
    CREATE INDEX returned_mail_by_subscriber ON returned_mail (subscriber_id);
    CREATE INDEX deliveries_by_message_id ON deliveries (message_id);
    ",
    // 5: readers at the centre. Interests from the workspace's vocabulary;
    // a personal preferences link and a link that confirms a new address
    // (new token purposes, so `tokens` is rebuilt as in 3); the new address
    // waits beside the old one until it is confirmed; the consent log gains
    // the changes a reader makes on their page; a send records its audience.
    r"
    CREATE TABLE subscriber_interests (
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        interest TEXT NOT NULL,
        PRIMARY KEY (subscriber_id, interest)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX subscriber_interests_by_interest ON subscriber_interests (interest);

    CREATE TABLE tokens_new (
        selector TEXT PRIMARY KEY,
        verifier_hash BLOB NOT NULL,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        purpose TEXT NOT NULL
            CHECK (purpose IN ('confirm', 'unsubscribe', 'preferences', 'new-address')),
        created_at TEXT NOT NULL,
        expires_at TEXT,
        used_at TEXT,
        UNIQUE (subscriber_id, purpose)
    ) STRICT;
    INSERT INTO tokens_new SELECT * FROM tokens;
    DROP TABLE tokens;
    ALTER TABLE tokens_new RENAME TO tokens;

    CREATE TABLE address_changes (
        subscriber_id INTEGER PRIMARY KEY REFERENCES subscribers (id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        canonical TEXT NOT NULL,
        requested_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE consent_events_new (
        id INTEGER PRIMARY KEY,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('requested', 'confirmation-sent', 'confirmed',
            'consent-imported', 'unsubscribed', 'bounced', 'complained', 'resubscribed',
            'preferences-changed', 'address-change-requested', 'address-changed',
            'link-renewed')),
        at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('form', 'import', 'cli', 'link', 'one-click',
            'smtp', 'mail', 'page')),
        ip TEXT,
        user_agent TEXT,
        consent_version TEXT,
        detail TEXT
    ) STRICT;
    INSERT INTO consent_events_new SELECT * FROM consent_events;
    DROP TABLE consent_events;
    ALTER TABLE consent_events_new RENAME TO consent_events;
    CREATE INDEX consent_events_by_subscriber ON consent_events (subscriber_id, id);
    CREATE TRIGGER consent_events_are_append_only BEFORE UPDATE ON consent_events
    BEGIN
        SELECT RAISE(ABORT, 'the consent log is append-only');
    END;

    ALTER TABLE sends ADD COLUMN audience TEXT;
    ",
    // 6: scheduled sends: one per issue, performed by `serve` when due. The
    // state is the claim: a `serve` moves a row from 'scheduled' to
    // 'running' in one statement, so of two sharing the database one wins.
    r"
    CREATE TABLE schedules (
        issue TEXT PRIMARY KEY,
        due_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('scheduled', 'running', 'sent', 'failed',
            'cancelled', 'waiting-for-staff')),
        reason TEXT,
        claimed_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX schedules_by_state ON schedules (state, due_at);
    ",
    // 7: erasures without a person: that unconfirmed sign-ups were erased
    // after the retention period (or an address forgotten), when, and how
    // many, but not who, so the log outlives the addresses it speaks of.
    // And the first and last name apart, where an import had them so.
    r"
    CREATE TABLE erasures (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        reason TEXT NOT NULL
            CHECK (reason IN ('pending-expired', 'forgotten', 'erased-by-reader')),
        count INTEGER NOT NULL CHECK (count > 0)
    ) STRICT;

    -- First and last name as a list had them apart, for exports that give
    -- them back in columns of their own; `subscribers.name` stays the name.
    CREATE TABLE name_parts (
        subscriber_id INTEGER PRIMARY KEY REFERENCES subscribers (id) ON DELETE CASCADE,
        first TEXT NOT NULL,
        last TEXT NOT NULL
    ) STRICT;
    ",
];
