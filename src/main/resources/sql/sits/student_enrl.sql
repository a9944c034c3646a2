SELECT stu_code, mod_occ_id, mod_code, mav_occur, psl_code, ayr_code, reg_status
  FROM sismgr.ucl_bdo_v_moodle_student_enrl
