-- The columns of Moodle's own tables that the feeds read (docs/contract.md §2), for the embedded replica.
CREATE TABLE mdl_course (id BIGINT PRIMARY KEY, category BIGINT, shortname VARCHAR(255), fullname VARCHAR(254), idnumber VARCHAR(100), visible SMALLINT);
CREATE TABLE mdl_course_categories (id BIGINT PRIMARY KEY, name VARCHAR(255), idnumber VARCHAR(100), parent BIGINT);
CREATE TABLE mdl_user (id BIGINT PRIMARY KEY, username VARCHAR(100), idnumber VARCHAR(255), firstname VARCHAR(100), lastname VARCHAR(100),
    email VARCHAR(100), deleted SMALLINT, suspended SMALLINT);
CREATE TABLE mdl_user_info_field (id BIGINT PRIMARY KEY, shortname VARCHAR(255));
CREATE TABLE mdl_user_info_data (id BIGINT PRIMARY KEY, userid BIGINT, fieldid BIGINT, data VARCHAR(4000));
CREATE TABLE mdl_enrol (id BIGINT PRIMARY KEY, enrol VARCHAR(20), courseid BIGINT, status BIGINT, roleid BIGINT);
CREATE TABLE mdl_user_enrolments (id BIGINT PRIMARY KEY, enrolid BIGINT, userid BIGINT, status BIGINT);
CREATE TABLE mdl_groups (id BIGINT PRIMARY KEY, courseid BIGINT, idnumber VARCHAR(100), name VARCHAR(254));
CREATE TABLE mdl_groups_members (id BIGINT PRIMARY KEY, groupid BIGINT, userid BIGINT, component VARCHAR(100));
CREATE TABLE mdl_groupings (id BIGINT PRIMARY KEY, courseid BIGINT, idnumber VARCHAR(100), name VARCHAR(255));
CREATE TABLE mdl_groupings_groups (id BIGINT PRIMARY KEY, groupingid BIGINT, groupid BIGINT);
