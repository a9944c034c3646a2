-- Staging keeps what SITS and CMIS can hold (VARCHAR2(4000)): a long name is no reason to lose a student's row or a group;
-- each publisher fits the value to its consumer and reports the cut.
ALTER TABLE ucl_bdo_v_moodle_student_dump ALTER COLUMN first_name TYPE VARCHAR(4000);
ALTER TABLE ucl_bdo_v_moodle_student_dump ALTER COLUMN surname TYPE VARCHAR(4000);
ALTER TABLE ucl_bdo_v_moodle_student_dump ALTER COLUMN email TYPE VARCHAR(4000);
ALTER TABLE cmis_v_moodle_groups_dump ALTER COLUMN group_name TYPE VARCHAR(4000);
