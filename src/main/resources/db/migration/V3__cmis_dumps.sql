-- Copies of the CMIS timetabling views (docs/contract.md §2).
CREATE TABLE cmis_v_moodle_groups_dump (
    ayr_code   VARCHAR(10),
    mod_code   VARCHAR(20),
    group_code VARCHAR(40),
    group_name VARCHAR(254)
)${table_options};

CREATE TABLE cmis_v_moodle_group_students_dump (
    ayr_code   VARCHAR(10),
    mod_code   VARCHAR(20),
    group_code VARCHAR(40),
    stu_code   VARCHAR(12)
)${table_options};
CREATE INDEX cmis_group_students_key ON cmis_v_moodle_group_students_dump (ayr_code, mod_code, group_code);

CREATE TABLE cmis_v_moodle_group_tutors_dump (
    ayr_code   VARCHAR(10),
    mod_code   VARCHAR(20),
    group_code VARCHAR(40),
    staff_upi  VARCHAR(50)
)${table_options};
