-- The academic year's module registrations of the students the CSV lists, for the approved (CON) and pre-approval
-- (APP, NEW) module lists. Parameters: :ayr, :enrolment_statuses, :course_join_statuses.
-- The feed merges these rows with profile-fields.sql's as both stream (no student's lists are held beyond their
-- row), so this query must select the same students (the same WHERE on the student view) in the same order (the
-- same ORDER BY, then the module). A row left over once the CSV is written means the two disagree: the run fails
-- and delivers nothing rather than give a student someone else's, or no, modules.
SELECT e.stu_code, e.mod_code, e.reg_status
  FROM ucl_bdo_v_moodle_student_enrl_dump e
  JOIN ucl_bdo_v_moodle_student_dump s ON s.stu_code = e.stu_code
 WHERE e.ayr_code = :ayr AND e.reg_status IN ('CON', 'APP', 'NEW')
   AND s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
 ORDER BY LOWER(TRIM(s.username)), s.stu_code, e.mod_code
