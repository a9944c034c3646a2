-- Eligible students who have a personal tutor in SITS, with their programme in the academic year.
-- The feed matches them to Moodle accounts (student by idnumber, else username; tutor by the UPI profile
-- field, case-insensitively) from the replica snapshot. Parameters: :ayr, :enrolment_statuses,
-- :course_join_statuses. Rows come ordered by student code, so the output is deterministic.
SELECT s.stu_code AS student_code, s.upi AS student_upi, s.username AS student_username,
       s.first_name AS student_firstname, s.surname AS student_surname, a.prg_code AS student_programme,
       s.tutor_upi AS sits_tutor_upi
  FROM ucl_bdo_v_moodle_student_dump s
  LEFT JOIN ucl_bdo_v_moodle_assignment_dump a ON a.stu_code = s.stu_code AND a.ayr_code = :ayr
 WHERE s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
   AND s.tutor_upi IS NOT NULL
 ORDER BY s.stu_code
