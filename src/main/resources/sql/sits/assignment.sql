-- The student's placement (faculty, department, programme, route, year), not coursework.
SELECT stu_code, fac_code, dpt_code, prg_code, rou_code, ugpg, course_year, ayr_code
  FROM sismgr.ucl_bdo_v_moodle_assignment
