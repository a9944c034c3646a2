-- Personal-tutor relationships: eligible students whose SITS tutor UPI matches (case-insensitively) a
-- Moodle account's UPI profile field. student_id / tutor_id are Moodle user ids (the student matched by
-- idnumber, else username). Rows come ordered so the feed keeps one tutor per student deterministically.
-- Parameters: :ayr, :enrolment_statuses, :course_join_statuses, :upi_field.
SELECT s.stu_code AS student_code, s.upi AS student_upi, LOWER(s.username) AS student_username,
       s.first_name AS student_firstname, s.surname AS student_surname, a.prg_code AS student_programme,
       COALESCE(bycode.id, byname.id) AS student_id, s.tutor_upi AS sits_tutor_upi, d.data AS tutor_upi,
       t.firstname AS tutor_firstname, t.lastname AS tutor_surname, t.id AS tutor_id
  FROM ucl_bdo_v_moodle_student_dump s
  LEFT JOIN ucl_bdo_v_moodle_assignment_dump a ON a.stu_code = s.stu_code AND a.ayr_code = :ayr
  LEFT JOIN moodle_user_dump bycode ON bycode.idnumber = s.stu_code AND bycode.deleted = 0
  LEFT JOIN moodle_user_dump byname ON LOWER(byname.username) = LOWER(s.username) AND byname.deleted = 0
  LEFT JOIN moodle_user_info_field_dump f ON f.shortname = :upi_field
  LEFT JOIN moodle_user_info_data_dump d ON d.fieldid = f.id AND LOWER(d.data) = LOWER(s.tutor_upi)
  LEFT JOIN moodle_user_dump t ON t.id = d.userid AND t.deleted = 0
 WHERE s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
   AND s.tutor_upi IS NOT NULL
 ORDER BY s.stu_code, t.id
