SELECT id, enrol, courseid, status, roleid FROM ${prefix}enrol
