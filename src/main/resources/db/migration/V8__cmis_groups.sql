-- Members the cmis-moodle-groups feed added to its groups: only these may ever be removed by it
-- (mim.cmis.remove-departed-members). What exists is always read from Moodle (the replica), never from here.
CREATE TABLE mim_cmis_member (
    course_id      BIGINT       NOT NULL,
    group_idnumber VARCHAR(100) NOT NULL,
    user_id        BIGINT       NOT NULL,
    added_at       ${ts}        NOT NULL,
    CONSTRAINT mim_cmis_member_pk PRIMARY KEY (course_id, group_idnumber, user_id)
)${table_options};

-- Items Moodle refused, isolated from their batch: the rest of the batch went through.
CREATE TABLE mim_moodle_failure (
    id         ${id},
    run_id     VARCHAR(36)   NOT NULL,
    feed_id    VARCHAR(100)  NOT NULL,
    ws_function VARCHAR(100) NOT NULL,
    course_id  BIGINT,
    group_ref  VARCHAR(100),
    user_id    BIGINT,
    errorcode  VARCHAR(100),
    message    VARCHAR(1000),
    created_at ${ts}         NOT NULL
)${table_options};
CREATE INDEX mim_moodle_failure_run ON mim_moodle_failure (run_id);
