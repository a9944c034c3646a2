-- SITS students as the feeds publish them (one row per student code).
SELECT stu_code, username, upi, first_name, surname, email, enrolment_status, course_join_status, tutor_upi
  FROM ucl_bdo_v_moodle_student_dump
