-- The groups feed reads each course's groups with their members, and CMIS groups and members of the modules it manages
-- (cmis/moodle-courses.sql, cmis/course-groups.sql): joins on these columns. MariaDB joins without an index
-- by nested loops, which at a large university's millions of members would not end.
CREATE INDEX moodle_groups_members_group ON moodle_groups_members_dump (groupid);
CREATE INDEX cmis_group_tutors_key ON cmis_v_moodle_group_tutors_dump (ayr_code, mod_code, group_code);
CREATE INDEX cmis_groups_key ON cmis_v_moodle_groups_dump (ayr_code, mod_code, group_code);
