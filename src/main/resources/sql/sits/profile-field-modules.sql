-- The academic year's module registrations of every student, for the approved (CON) and pre-approval
-- (APP, NEW) module lists. Parameter: :ayr.
SELECT e.stu_code, e.mod_code, e.reg_status
  FROM ucl_bdo_v_moodle_student_enrl_dump e
 WHERE e.ayr_code = :ayr AND e.reg_status IN ('CON', 'APP', 'NEW')
 ORDER BY e.stu_code, e.mod_code
