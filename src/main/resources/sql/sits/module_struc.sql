SELECT prg_code, rou_code, mod_code, ayr_code, course_year, compulsory
  FROM sismgr.ucl_bdo_v_moodle_module_struc
