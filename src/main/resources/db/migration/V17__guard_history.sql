-- Each shrink-guard check, per kind of record (ShrinkGuard): the console draws each guarded feed's retained %
-- night by night against its threshold.
CREATE TABLE mim_guard_check (
    id                ${id},
    feed_id           VARCHAR(100) NOT NULL,
    kind              VARCHAR(100) NOT NULL,
    baseline          BIGINT       NOT NULL,
    retained          BIGINT       NOT NULL,
    threshold_percent INTEGER      NOT NULL,
    blocked           CHAR(1)      NOT NULL,
    dry_run           CHAR(1)      NOT NULL,
    checked_at        ${ts}        NOT NULL
)${table_options};
CREATE INDEX mim_guard_check_feed ON mim_guard_check (feed_id, checked_at);
