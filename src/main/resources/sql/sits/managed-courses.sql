-- Every course with at least one mapping row of any kind, with its mapped idnumber, whether every one of
-- its mappings is RMV, and whether it is frozen (sits_mapping_statuses.mapping_active = 'N'; no row = active).
SELECT c.vle_courseid, MAX(c.vle_idnumber) AS vle_idnumber,
       MIN(CASE WHEN c.mapping_action = 'RMV' THEN 1 ELSE 0 END) AS all_rmv,
       MAX(CASE WHEN st.mapping_active = 'N' THEN 1 ELSE 0 END) AS frozen
  FROM (SELECT vle_courseid, vle_idnumber, mapping_action FROM sits_moduleoccurence_mapping
        UNION ALL SELECT vle_courseid, vle_idnumber, mapping_action FROM sits_departments_mapping
        UNION ALL SELECT vle_courseid, vle_idnumber, mapping_action FROM sits_programmes_mapping
        UNION ALL SELECT vle_courseid, vle_idnumber, mapping_action FROM sits_routes_mapping
        UNION ALL SELECT vle_courseid, vle_idnumber, mapping_action FROM sits_faculties_mapping) c
  LEFT JOIN sits_mapping_statuses st ON st.vle_courseid = c.vle_courseid
 GROUP BY c.vle_courseid
