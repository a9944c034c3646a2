-- The CMIS group members of every (course, academic year, module) the feed manages, course by course: students
-- (by student code, normalised on copy) and tutors (by staff UPI). The groups feed plans one course at a time
-- and holds only that course's members (keep the ORDER BY). The derived table d must select what
-- desired-modules.sql selects: a site that edits one edits both (a pair here that desired-modules.sql does
-- not name fails the run).
SELECT d.vle_courseid, x.ayr_code, x.mod_code, x.group_code, x.kind, x.who
  FROM (SELECT DISTINCT m.vle_courseid, o.mod_occ_year_code AS ayr_code, o.mod_code
          FROM sits_moduleoccurence_mapping m
          JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
          LEFT JOIN sits_mapping_statuses st ON st.vle_courseid = m.vle_courseid
         WHERE m.group_import = 'ADD' AND m.mapping_action = 'ADD' AND COALESCE(st.mapping_active, 'Y') <> 'N') d
  JOIN (SELECT ayr_code, mod_code, group_code, 'student' AS kind, stu_code AS who FROM cmis_v_moodle_group_students_dump
        UNION ALL
        SELECT ayr_code, mod_code, group_code, 'tutor', staff_upi FROM cmis_v_moodle_group_tutors_dump) x
    ON x.ayr_code = d.ayr_code AND x.mod_code = d.mod_code
 ORDER BY d.vle_courseid
