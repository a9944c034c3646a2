-- Every mapping row's recorded idnumber, to report those that differ from the course's current idnumber.
SELECT 'module' AS mapping_type, id, vle_courseid, vle_idnumber FROM sits_moduleoccurence_mapping
UNION ALL SELECT 'department', id, vle_courseid, vle_idnumber FROM sits_departments_mapping
UNION ALL SELECT 'programme', id, vle_courseid, vle_idnumber FROM sits_programmes_mapping
UNION ALL SELECT 'route', id, vle_courseid, vle_idnumber FROM sits_routes_mapping
UNION ALL SELECT 'faculty', id, vle_courseid, vle_idnumber FROM sits_faculties_mapping
