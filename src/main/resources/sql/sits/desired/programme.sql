-- Desired student enrolments from PROGRAMME mappings: students placed on the programme in the academic
-- year, in the mapped course year when one is given (NULL = any year).
SELECT m.vle_courseid, a.stu_code, CONCAT('programme ', m.prg_code,
       CASE WHEN m.course_year IS NULL THEN '' ELSE CONCAT(' year ', m.course_year) END) AS rule
  FROM sits_programmes_mapping m
  JOIN ucl_bdo_v_moodle_assignment_dump a ON a.prg_code = m.prg_code AND a.ayr_code = :ayr
  JOIN ucl_bdo_v_moodle_student_dump s ON s.stu_code = a.stu_code
 WHERE m.mapping_action = 'ADD'
   AND (m.course_year IS NULL OR m.course_year = a.course_year)
   AND s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
