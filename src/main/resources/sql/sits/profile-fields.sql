-- One row per eligible student for the profile-fields CSV, with their placement in the academic year.
-- Module lists are merged in by the feed from profile-field-modules.sql, which must keep this WHERE on the student
-- view and this ORDER BY (see there). Parameters: :ayr, :enrolment_statuses,
-- :course_join_statuses. The CSV lists the rows in this order (the feed streams them to the file), so
-- keep an ORDER BY that gives the same order every night.
SELECT s.stu_code, s.username, s.first_name, s.surname, s.email, s.upi,
       a.prg_code, p.prg_name, a.course_year, a.ugpg
  FROM ucl_bdo_v_moodle_student_dump s
  LEFT JOIN ucl_bdo_v_moodle_assignment_dump a ON a.stu_code = s.stu_code AND a.ayr_code = :ayr
  LEFT JOIN ucl_bdo_v_moodle_programme_dump p ON p.prg_code = a.prg_code
 WHERE s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
 ORDER BY LOWER(TRIM(s.username)), s.stu_code
