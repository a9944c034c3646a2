SELECT id, courseid, idnumber, name FROM moodle_groupings_dump
