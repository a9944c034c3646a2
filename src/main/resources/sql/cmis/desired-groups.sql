-- CMIS teaching groups, from the copy.
SELECT ayr_code, mod_code, group_code, group_name FROM cmis_v_moodle_groups_dump ORDER BY ayr_code, mod_code, group_code
