-- The people in CMIS groups: students (by student code, normalised on copy) and tutors (by staff UPI), read
-- once to find their Moodle accounts; course-groups.sql then gives them group by group.
SELECT ayr_code, mod_code, group_code, 'student' AS kind, stu_code AS who FROM cmis_v_moodle_group_students_dump
UNION ALL
SELECT ayr_code, mod_code, group_code, 'tutor', staff_upi FROM cmis_v_moodle_group_tutors_dump
