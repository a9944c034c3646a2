SELECT prg_code, prg_name, dpt_code FROM sismgr.ucl_bdo_v_moodle_programme
