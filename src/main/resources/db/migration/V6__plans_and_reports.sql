-- The plan of every publisher run, real or dry: what it did or would do (JSON), for the console and audit.
CREATE TABLE mim_run_plan (
    run_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    feed_id    VARCHAR(100) NOT NULL,
    summary    VARCHAR(4000),
    plan_json  ${clob},
    created_at ${ts}        NOT NULL
)${table_options};
