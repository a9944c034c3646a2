-- Runs in the same transaction as the module-instance copy's rows: the block's search list
-- (sits_moduleoccurence) always matches the copy. Duplicate mod_occ_ids in the view keep one row.
DELETE FROM sits_moduleoccurence;
INSERT INTO sits_moduleoccurence (mod_occ_bdo_id, mod_inst_bdo_id, mod_code, mod_occ_psl_code, mod_occ_mav,
                                  mod_occ_year_code, mod_occ_name)
SELECT i.mod_occ_id, NULL, MAX(i.mod_code), MAX(i.psl_code), MAX(i.mav_occur), MAX(i.ayr_code), MAX(i.mod_name)
  FROM ucl_bdo_v_moodle_module_inst_dump i
 WHERE i.mod_occ_id IS NOT NULL
 GROUP BY i.mod_occ_id;
