-- Runs in the same transaction as the module-instance copy's rows: the block's search list
-- (sits_moduleoccurence) always matches the copy. Duplicate mod_occ_ids in the view keep one row.
-- Only what changed is written (an occurrence gone or changed is deleted, one new or changed inserted): on a
-- night when few occurrences change, rewriting every row cost more than the copy itself (docs/performance.md).
DELETE FROM sits_moduleoccurence
 WHERE NOT EXISTS (
       SELECT 1
         FROM (SELECT i.mod_occ_id, MAX(i.mod_code) AS mod_code, MAX(i.psl_code) AS psl_code,
                      MAX(i.mav_occur) AS mav_occur, MAX(i.ayr_code) AS ayr_code, MAX(i.mod_name) AS mod_name
                 FROM ucl_bdo_v_moodle_module_inst_dump i
                WHERE i.mod_occ_id IS NOT NULL
                GROUP BY i.mod_occ_id) n
        WHERE n.mod_occ_id = sits_moduleoccurence.mod_occ_bdo_id
          AND sits_moduleoccurence.mod_inst_bdo_id IS NULL
          AND (n.mod_code = sits_moduleoccurence.mod_code OR (n.mod_code IS NULL AND sits_moduleoccurence.mod_code IS NULL))
          AND (n.psl_code = sits_moduleoccurence.mod_occ_psl_code OR (n.psl_code IS NULL AND sits_moduleoccurence.mod_occ_psl_code IS NULL))
          AND (n.mav_occur = sits_moduleoccurence.mod_occ_mav OR (n.mav_occur IS NULL AND sits_moduleoccurence.mod_occ_mav IS NULL))
          AND (n.ayr_code = sits_moduleoccurence.mod_occ_year_code OR (n.ayr_code IS NULL AND sits_moduleoccurence.mod_occ_year_code IS NULL))
          AND (n.mod_name = sits_moduleoccurence.mod_occ_name OR (n.mod_name IS NULL AND sits_moduleoccurence.mod_occ_name IS NULL)));
INSERT INTO sits_moduleoccurence (mod_occ_bdo_id, mod_inst_bdo_id, mod_code, mod_occ_psl_code, mod_occ_mav,
                                  mod_occ_year_code, mod_occ_name)
SELECT i.mod_occ_id, NULL, MAX(i.mod_code), MAX(i.psl_code), MAX(i.mav_occur), MAX(i.ayr_code), MAX(i.mod_name)
  FROM ucl_bdo_v_moodle_module_inst_dump i
 WHERE i.mod_occ_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM sits_moduleoccurence o WHERE o.mod_occ_bdo_id = i.mod_occ_id)
 GROUP BY i.mod_occ_id;
