-- Desired student enrolments from FACULTY mappings: students placed in the faculty in the academic year,
-- in the mapped course year (NULL = any) and UG/PG (U, P; NULL = both).
SELECT m.vle_courseid, a.stu_code, CONCAT('faculty ', m.fac_code,
       CASE WHEN m.course_year IS NULL THEN '' ELSE CONCAT(' year ', m.course_year) END,
       CASE WHEN m.ugpg IS NULL THEN '' ELSE CONCAT(' ', m.ugpg, 'G') END) AS rule
  FROM sits_faculties_mapping m
  JOIN ucl_bdo_v_moodle_assignment_dump a ON a.fac_code = m.fac_code AND a.ayr_code = :ayr
  JOIN ucl_bdo_v_moodle_student_dump s ON s.stu_code = a.stu_code
 WHERE m.mapping_action = 'ADD'
   AND (m.course_year IS NULL OR m.course_year = a.course_year)
   AND (m.ugpg IS NULL OR m.ugpg = a.ugpg)
   AND s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
