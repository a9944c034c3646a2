-- Desired student enrolments from MODULE OCCURRENCE mappings (sits_moduleoccurence_mapping).
-- A student is desired in the course when registered on the mapped occurrence in the academic year with a
-- registration status at least the mapping's minimum (CON > APP > NEW > REJ), and the student is eligible.
-- The occurrence is matched on its natural key (mod_code, mav_occur, psl_code, ayr_code).
-- Parameters: :ayr, :enrolment_statuses, :course_join_statuses. Columns out: vle_courseid, stu_code, rule.
SELECT m.vle_courseid, e.stu_code, CONCAT('module ', o.mod_code, ' ', o.mod_occ_mav, ' ', o.mod_occ_psl_code, ' ',
       o.mod_occ_year_code, ' at ', m.reg_status, ' or above (', e.reg_status, ')') AS rule
  FROM sits_moduleoccurence_mapping m
  JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
  JOIN ucl_bdo_v_moodle_student_enrl_dump e
    ON e.mod_code = o.mod_code AND e.mav_occur = o.mod_occ_mav AND e.psl_code = o.mod_occ_psl_code
   AND e.ayr_code = o.mod_occ_year_code
  JOIN ucl_bdo_v_moodle_student_dump s ON s.stu_code = e.stu_code
 WHERE m.mapping_action = 'ADD'
   AND o.mod_occ_year_code = :ayr
   AND s.enrolment_status IN (:enrolment_statuses)
   AND s.course_join_status IN (:course_join_statuses)
   AND CASE e.reg_status WHEN 'CON' THEN 4 WHEN 'APP' THEN 3 WHEN 'NEW' THEN 2 WHEN 'REJ' THEN 1 ELSE 0 END
    >= CASE m.reg_status WHEN 'CON' THEN 4 WHEN 'APP' THEN 3 WHEN 'NEW' THEN 2 WHEN 'REJ' THEN 1 ELSE 5 END
