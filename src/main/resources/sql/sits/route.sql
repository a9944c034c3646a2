SELECT rou_code, rou_name, prg_code, dpt_code FROM sismgr.ucl_bdo_v_moodle_route
