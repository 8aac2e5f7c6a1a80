-- Who did what with the reader list and the accounts: sign-ins (and failed ones), exports,
-- imports, erasures, unsubscriptions by an editor, account changes. A reader is named by id
-- only, never by address, so that erasing a reader leaves nothing of them here. No foreign
-- key to users: an entry outlives the account it names, whose e-mail is kept as it was then.
-- Actions and actor kinds are checked in Rust (typed enums), not here, so that a new one
-- needs no table rebuild.
CREATE TABLE audit_log (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    -- account, token, cli or unknown (a failed sign-in with an address that has no account).
    actor_kind TEXT NOT NULL,
    actor_id   BIGINT,
    -- The account's e-mail at that time, the API token's name, or empty.
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL
);
-- /admin/audit filtered by action, newest first, a page at a time.
CREATE INDEX audit_log_action ON audit_log (action, id);
