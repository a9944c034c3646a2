-- Stand-ins for the CMIS timetabling views in the embedded demo.
CREATE TABLE cmis_v_moodle_groups (ayr_code VARCHAR2(10), mod_code VARCHAR2(20), group_code VARCHAR2(40), group_name VARCHAR2(254));
CREATE TABLE cmis_v_moodle_group_students (ayr_code VARCHAR2(10), mod_code VARCHAR2(20), group_code VARCHAR2(40), stu_code VARCHAR2(12));
CREATE TABLE cmis_v_moodle_group_tutors (ayr_code VARCHAR2(10), mod_code VARCHAR2(20), group_code VARCHAR2(40), staff_upi VARCHAR2(50));
