-- Moodle's groups, from the replica snapshot: the groups feed looks for the groups it owns but no longer
-- manages (each course's groups and members it reads course by course, from cmis/moodle-courses.sql).
SELECT id, courseid, idnumber, name FROM moodle_groups_dump ORDER BY courseid, id
