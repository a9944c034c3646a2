-- The people in CMIS groups, once each: students (by student code, normalised on copy) and tutors (by staff UPI).
-- The groups feed reads them once to find their Moodle accounts; course-groups.sql then gives them group by group.
-- DISTINCT: a student is in many groups (millions of member rows at a large university, 200,000 people).
SELECT DISTINCT 'student' AS kind, stu_code AS who FROM cmis_v_moodle_group_students_dump
UNION ALL
SELECT DISTINCT 'tutor' AS kind, staff_upi AS who FROM cmis_v_moodle_group_tutors_dump
