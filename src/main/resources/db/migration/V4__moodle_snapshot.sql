-- Snapshot of the Moodle replica tables the feeds need (docs/contract.md §2), one table per replica table.
CREATE TABLE moodle_course_dump (
    id        BIGINT,
    category  BIGINT,
    shortname VARCHAR(255),
    fullname  VARCHAR(254),
    idnumber  VARCHAR(100),
    visible   SMALLINT
)${table_options};
CREATE INDEX moodle_course_id ON moodle_course_dump (id);

CREATE TABLE moodle_course_categories_dump (
    id       BIGINT,
    name     VARCHAR(255),
    idnumber VARCHAR(100),
    parent   BIGINT
)${table_options};

CREATE TABLE moodle_user_dump (
    id        BIGINT,
    username  VARCHAR(100),
    idnumber  VARCHAR(255),
    firstname VARCHAR(100),
    lastname  VARCHAR(100),
    email     VARCHAR(100),
    deleted   SMALLINT,
    suspended SMALLINT
)${table_options};
CREATE INDEX moodle_user_id ON moodle_user_dump (id);
CREATE INDEX moodle_user_idnumber ON moodle_user_dump (idnumber);
CREATE INDEX moodle_user_username ON moodle_user_dump (username);

CREATE TABLE moodle_user_info_field_dump (
    id        BIGINT,
    shortname VARCHAR(255)
)${table_options};

CREATE TABLE moodle_user_info_data_dump (
    userid  BIGINT,
    fieldid BIGINT,
    data    VARCHAR(255)
)${table_options};
CREATE INDEX moodle_user_info_data_user ON moodle_user_info_data_dump (userid);

CREATE TABLE moodle_enrol_dump (
    id       BIGINT,
    enrol    VARCHAR(20),
    courseid BIGINT,
    status   BIGINT,
    roleid   BIGINT
)${table_options};
CREATE INDEX moodle_enrol_id ON moodle_enrol_dump (id);

CREATE TABLE moodle_user_enrolments_dump (
    id      BIGINT,
    enrolid BIGINT,
    userid  BIGINT,
    status  BIGINT
)${table_options};
CREATE INDEX moodle_user_enrolments_enrol ON moodle_user_enrolments_dump (enrolid);

CREATE TABLE moodle_groups_dump (
    id       BIGINT,
    courseid BIGINT,
    idnumber VARCHAR(100),
    name     VARCHAR(254)
)${table_options};

CREATE TABLE moodle_groups_members_dump (
    groupid   BIGINT,
    userid    BIGINT,
    component VARCHAR(100)
)${table_options};

CREATE TABLE moodle_groupings_dump (
    id       BIGINT,
    courseid BIGINT,
    idnumber VARCHAR(100),
    name     VARCHAR(255)
)${table_options};

CREATE TABLE moodle_groupings_groups_dump (
    groupingid BIGINT,
    groupid    BIGINT
)${table_options};
