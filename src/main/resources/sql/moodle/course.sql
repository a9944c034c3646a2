SELECT id, category, shortname, fullname, idnumber, visible FROM ${prefix}course
