-- Students. stu_code is normalised on copy (mim.student-code-width).
SELECT stu_code, username, upi, first_name, surname, email, dpt_code, enrolment_status, course_join_status, tutor_upi
  FROM sismgr.ucl_bdo_v_moodle_student
