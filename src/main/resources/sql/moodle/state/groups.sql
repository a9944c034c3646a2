-- Moodle's groups, from the replica snapshot. Ordered by course: the groups feed reads them course by
-- course alongside the courses it manages, in ascending id order (keep this ORDER BY).
SELECT id, courseid, idnumber, name FROM moodle_groups_dump ORDER BY courseid, id
