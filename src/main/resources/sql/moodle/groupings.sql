SELECT id, courseid, idnumber, name FROM ${prefix}groupings
