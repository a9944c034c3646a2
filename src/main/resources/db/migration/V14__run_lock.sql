-- One run of a feed at a time across every node: a run holds its feed's row for its whole life and renews it;
-- a row whose lease has expired (its node died) may be taken over (docs/operations.md, one run at a time).
CREATE TABLE mim_run_lock (
    feed_id     VARCHAR(100) NOT NULL PRIMARY KEY,
    token       VARCHAR(36)  NOT NULL,
    run_id      VARCHAR(36),
    node        VARCHAR(200) NOT NULL,
    acquired_at ${ts}        NOT NULL,
    expires_at  ${ts}        NOT NULL
)${table_options};
