SELECT id, courseid, idnumber, name FROM moodle_groups_dump
