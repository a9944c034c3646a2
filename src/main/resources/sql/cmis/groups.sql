SELECT ayr_code, mod_code, group_code, group_name FROM cmis_v_moodle_groups
