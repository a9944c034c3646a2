-- SITS students as the feeds publish them (one row per student code). Ordered so that each run reads them
-- in the same order: the IMS file lists its persons in this order.
SELECT stu_code, username, upi, first_name, surname, email, enrolment_status, course_join_status, tutor_upi
  FROM ucl_bdo_v_moodle_student_dump
 ORDER BY stu_code
