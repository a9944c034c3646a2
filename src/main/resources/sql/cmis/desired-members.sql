-- CMIS group members: students (by student code, normalised on copy) and tutors (by staff UPI).
SELECT ayr_code, mod_code, group_code, 'student' AS kind, stu_code AS who FROM cmis_v_moodle_group_students_dump
UNION ALL
SELECT ayr_code, mod_code, group_code, 'tutor', staff_upi FROM cmis_v_moodle_group_tutors_dump
