-- Timetabling may send student codes with a leading zero: normalised on copy.
SELECT ayr_code, mod_code, group_code, stu_code FROM cmis_v_moodle_group_students
