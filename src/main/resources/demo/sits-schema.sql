-- Stand-ins for the SITS views (Oracle, schema SISMGR) in the embedded demo. Default source contract.
CREATE SCHEMA IF NOT EXISTS sismgr;
CREATE TABLE sismgr.ucl_bdo_v_moodle_faculties (fac_code VARCHAR2(20), fac_name VARCHAR2(255));
CREATE TABLE sismgr.ucl_bdo_v_moodle_department (dpt_code VARCHAR2(20), dpt_name VARCHAR2(255), fac_code VARCHAR2(20));
CREATE TABLE sismgr.ucl_bdo_v_moodle_programme (prg_code VARCHAR2(20), prg_name VARCHAR2(255), dpt_code VARCHAR2(20));
CREATE TABLE sismgr.ucl_bdo_v_moodle_route (rou_code VARCHAR2(20), rou_name VARCHAR2(255), prg_code VARCHAR2(20), dpt_code VARCHAR2(20));
CREATE TABLE sismgr.ucl_bdo_v_moodle_module_inst (mod_occ_id VARCHAR2(40), mod_code VARCHAR2(20), mav_occur VARCHAR2(10),
    psl_code VARCHAR2(10), ayr_code VARCHAR2(10), mod_name VARCHAR2(255), dpt_code VARCHAR2(20));
CREATE TABLE sismgr.ucl_bdo_v_moodle_module_struc (prg_code VARCHAR2(20), rou_code VARCHAR2(20), mod_code VARCHAR2(20),
    ayr_code VARCHAR2(10), course_year VARCHAR2(10), compulsory VARCHAR2(1));
CREATE TABLE sismgr.ucl_bdo_v_moodle_student (stu_code VARCHAR2(12), username VARCHAR2(100), upi VARCHAR2(50),
    first_name VARCHAR2(100), surname VARCHAR2(100), email VARCHAR2(255), dpt_code VARCHAR2(20),
    enrolment_status VARCHAR2(10), course_join_status VARCHAR2(10), tutor_upi VARCHAR2(50));
CREATE TABLE sismgr.ucl_bdo_v_moodle_student_enrl (stu_code VARCHAR2(12), mod_occ_id VARCHAR2(40), mod_code VARCHAR2(20),
    mav_occur VARCHAR2(10), psl_code VARCHAR2(10), ayr_code VARCHAR2(10), reg_status VARCHAR2(10));
CREATE TABLE sismgr.ucl_bdo_v_moodle_assignment (stu_code VARCHAR2(12), fac_code VARCHAR2(20), dpt_code VARCHAR2(20),
    prg_code VARCHAR2(20), rou_code VARCHAR2(20), ugpg VARCHAR2(1), course_year VARCHAR2(10), ayr_code VARCHAR2(10));
