-- Desired student enrolments from DEPARTMENT mappings: every module occurrence of the department in the
-- academic year, with the same minimum registration status rule as a module mapping.
SELECT m.vle_courseid, e.stu_code, CONCAT('department ', m.dpt_code, ': module ', i.mod_code, ' ', i.mav_occur, ' ',
       i.psl_code, ' at ', m.reg_status, ' or above (', e.reg_status, ')') AS rule
  FROM sits_departments_mapping m
  JOIN ucl_bdo_v_moodle_module_inst_dump i ON i.dpt_code = m.dpt_code AND i.ayr_code = :ayr
  JOIN ucl_bdo_v_moodle_student_enrl_dump e
    ON e.mod_code = i.mod_code AND e.mav_occur = i.mav_occur AND e.psl_code = i.psl_code AND e.ayr_code = i.ayr_code
  JOIN ucl_bdo_v_moodle_student_dump s ON s.stu_code = e.stu_code
 WHERE m.mapping_action = 'ADD'
   AND s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
   AND CASE e.reg_status WHEN 'CON' THEN 4 WHEN 'APP' THEN 3 WHEN 'NEW' THEN 2 WHEN 'REJ' THEN 1 ELSE 0 END
    >= CASE m.reg_status WHEN 'CON' THEN 4 WHEN 'APP' THEN 3 WHEN 'NEW' THEN 2 WHEN 'REJ' THEN 1 ELSE 5 END
