-- Copies of the SITS views (docs/contract.md §2). Columns are nullable: required values are checked per feed,
-- so one bad row is rejected with a reason instead of failing the copy.
CREATE TABLE ucl_bdo_v_moodle_faculties_dump (
    fac_code VARCHAR(20),
    fac_name VARCHAR(255)
)${table_options};

CREATE TABLE ucl_bdo_v_moodle_department_dump (
    dpt_code VARCHAR(20),
    dpt_name VARCHAR(255),
    fac_code VARCHAR(20)
)${table_options};

CREATE TABLE ucl_bdo_v_moodle_programme_dump (
    prg_code VARCHAR(20),
    prg_name VARCHAR(255),
    dpt_code VARCHAR(20)
)${table_options};

CREATE TABLE ucl_bdo_v_moodle_route_dump (
    rou_code VARCHAR(20),
    rou_name VARCHAR(255),
    prg_code VARCHAR(20),
    dpt_code VARCHAR(20)
)${table_options};

CREATE TABLE ucl_bdo_v_moodle_module_inst_dump (
    mod_occ_id VARCHAR(40),
    mod_code   VARCHAR(20),
    mav_occur  VARCHAR(10),
    psl_code   VARCHAR(10),
    ayr_code   VARCHAR(10),
    mod_name   VARCHAR(255),
    dpt_code   VARCHAR(20)
)${table_options};
CREATE INDEX ucl_mod_inst_key ON ucl_bdo_v_moodle_module_inst_dump (mod_code, mav_occur, psl_code, ayr_code);

CREATE TABLE ucl_bdo_v_moodle_module_struc_dump (
    prg_code    VARCHAR(20),
    rou_code    VARCHAR(20),
    mod_code    VARCHAR(20),
    ayr_code    VARCHAR(10),
    course_year VARCHAR(10),
    compulsory  CHAR(1)
)${table_options};

CREATE TABLE ucl_bdo_v_moodle_student_dump (
    stu_code           VARCHAR(12),
    username           VARCHAR(100),
    upi                VARCHAR(50),
    first_name         VARCHAR(100),
    surname            VARCHAR(100),
    email              VARCHAR(255),
    dpt_code           VARCHAR(20),
    enrolment_status   VARCHAR(10),
    course_join_status VARCHAR(10),
    tutor_upi          VARCHAR(50)
)${table_options};
CREATE INDEX ucl_student_code ON ucl_bdo_v_moodle_student_dump (stu_code);

CREATE TABLE ucl_bdo_v_moodle_student_enrl_dump (
    stu_code   VARCHAR(12),
    mod_occ_id VARCHAR(40),
    mod_code   VARCHAR(20),
    mav_occur  VARCHAR(10),
    psl_code   VARCHAR(10),
    ayr_code   VARCHAR(10),
    reg_status VARCHAR(10)
)${table_options};
CREATE INDEX ucl_student_enrl_mod ON ucl_bdo_v_moodle_student_enrl_dump (mod_code, mav_occur, psl_code, ayr_code);
CREATE INDEX ucl_student_enrl_stu ON ucl_bdo_v_moodle_student_enrl_dump (stu_code);

CREATE TABLE ucl_bdo_v_moodle_assignment_dump (
    stu_code    VARCHAR(12),
    fac_code    VARCHAR(20),
    dpt_code    VARCHAR(20),
    prg_code    VARCHAR(20),
    rou_code    VARCHAR(20),
    ugpg        CHAR(1),
    course_year VARCHAR(10),
    ayr_code    VARCHAR(10)
)${table_options};
CREATE INDEX ucl_assignment_stu ON ucl_bdo_v_moodle_assignment_dump (stu_code);
