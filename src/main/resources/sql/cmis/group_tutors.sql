SELECT ayr_code, mod_code, group_code, staff_upi FROM cmis_v_moodle_group_tutors
