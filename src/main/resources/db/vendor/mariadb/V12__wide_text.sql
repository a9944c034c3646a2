-- Staging keeps what SITS and CMIS can hold (VARCHAR2(4000)): a long name is no reason to lose a student's row or a group;
-- each publisher fits the value to its consumer and reports the cut. TEXT: three utf8mb4 VARCHAR(4000)
-- columns would pass MariaDB's 64 KB row limit.
ALTER TABLE ucl_bdo_v_moodle_student_dump MODIFY first_name TEXT;
ALTER TABLE ucl_bdo_v_moodle_student_dump MODIFY surname TEXT;
ALTER TABLE ucl_bdo_v_moodle_student_dump MODIFY email TEXT;
ALTER TABLE cmis_v_moodle_groups_dump MODIFY group_name VARCHAR(4000);
