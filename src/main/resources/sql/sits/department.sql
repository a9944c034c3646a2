SELECT dpt_code, dpt_name, fac_code FROM sismgr.ucl_bdo_v_moodle_department
