-- Module occurrences. Natural key: (mod_code, mav_occur, psl_code, ayr_code); mod_occ_id is opaque.
SELECT mod_occ_id, mod_code, mav_occur, psl_code, ayr_code, mod_name, dpt_code
  FROM sismgr.ucl_bdo_v_moodle_module_inst
