-- Feed-run journal: one row per run of any feed (copy or publisher), real or dry.
CREATE TABLE mim_feed_run (
    run_id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    feed_id         VARCHAR(100)  NOT NULL,
    cycle_id        VARCHAR(36),
    triggered_by    VARCHAR(100),
    started_at      ${ts}         NOT NULL,
    finished_at     ${ts},
    status          VARCHAR(10)   NOT NULL,
    dry_run         CHAR(1)       NOT NULL,
    rows_read       BIGINT        DEFAULT 0 NOT NULL,
    rows_written    BIGINT        DEFAULT 0 NOT NULL,
    rows_rejected   BIGINT        DEFAULT 0 NOT NULL,
    message         VARCHAR(4000),
    output_checksum VARCHAR(64),
    output_size     BIGINT
)${table_options};
CREATE INDEX mim_feed_run_feed ON mim_feed_run (feed_id, started_at);

-- Rows a feed could not use, each with its reason; the rest of the run went through.
CREATE TABLE mim_rejected_row (
    id         ${id},
    run_id     VARCHAR(36)   NOT NULL,
    feed_id    VARCHAR(100)  NOT NULL,
    row_ref    VARCHAR(400),
    reason     VARCHAR(1000) NOT NULL,
    row_data   VARCHAR(4000),
    created_at ${ts}         NOT NULL
)${table_options};
CREATE INDEX mim_rejected_row_run ON mim_rejected_row (run_id);

-- Settings that operators change at run time (thresholds, cluster-wide feed switches).
CREATE TABLE mim_setting (
    setting_key   VARCHAR(200) NOT NULL PRIMARY KEY,
    setting_value VARCHAR(400),
    description   VARCHAR(1000),
    updated_at    ${ts},
    updated_by    VARCHAR(100)
)${table_options};

INSERT INTO mim_setting (setting_key, setting_value, description)
VALUES ('threshold-percent', '75', 'A guarded feed is BLOCKED when it would retain fewer than this percentage of what it owns');
INSERT INTO mim_setting (setting_key, setting_value, description)
VALUES ('course-threshold-min-students', '20', 'Per-course shrink rule applies to courses with at least this many students');
INSERT INTO mim_setting (setting_key, setting_value, description)
VALUES ('course-threshold-percent', '50', 'A course above the minimum size losing more than this percentage blocks the IMS feed');

-- One-shot override of a feed's shrink guard: consumed by that feed's next real run.
CREATE TABLE mim_override (
    feed_id VARCHAR(100)  NOT NULL PRIMARY KEY,
    set_by  VARCHAR(100)  NOT NULL,
    set_at  ${ts}         NOT NULL,
    reason  VARCHAR(1000) NOT NULL
)${table_options};
