-- (course, year, module) pairs the feed must not touch at all: a module mapping with group_import NA, or any
-- module mapping in a frozen course. Their groups get no call, not even a removal.
SELECT DISTINCT m.vle_courseid, o.mod_occ_year_code AS ayr_code, o.mod_code,
       CASE WHEN COALESCE(st.mapping_active, 'Y') = 'N' THEN 'course frozen (mapping_active N)'
            ELSE 'group_import NA' END AS reason
  FROM sits_moduleoccurence_mapping m
  JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
  LEFT JOIN sits_mapping_statuses st ON st.vle_courseid = m.vle_courseid
 WHERE m.group_import = 'NA' OR COALESCE(st.mapping_active, 'Y') = 'N'
