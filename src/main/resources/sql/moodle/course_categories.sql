SELECT id, name, idnumber, parent FROM ${prefix}course_categories
