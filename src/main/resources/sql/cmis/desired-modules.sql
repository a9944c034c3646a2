-- The (course, academic year, module) pairs whose timetable groups the feed manages: module mappings with
-- group_import ADD and mapping_action ADD, in courses that are not frozen. Several occurrences of one module
-- mapped to one course give one pair: they share the module's groups.
SELECT DISTINCT m.vle_courseid, o.mod_occ_year_code AS ayr_code, o.mod_code
  FROM sits_moduleoccurence_mapping m
  JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
  LEFT JOIN sits_mapping_statuses st ON st.vle_courseid = m.vle_courseid
 WHERE m.group_import = 'ADD' AND m.mapping_action = 'ADD' AND COALESCE(st.mapping_active, 'Y') <> 'N'
