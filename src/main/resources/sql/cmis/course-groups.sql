-- The CMIS teaching groups of every (course, academic year, module) the feed manages, with their members, course
-- by course: kind 'group' names a group (who is its name), 'student' a member by student code (normalised on
-- copy), 'tutor' a member by staff UPI. The groups feed plans one course at a time and holds only that course's
-- groups and members (keep the ORDER BY). The managed modules must be those desired-modules.sql selects: a site
-- that edits one edits both (a pair here that desired-modules.sql does not name fails the run). They are repeated in
-- each part rather than a CTE: PostgreSQL computes a CTE read three times once, without the statistics its planner
-- needs to join millions of members well.
-- No DISTINCT on the managed modules here: a module mapped to one course by two of its occurrences gives its groups
-- and members twice, and the feed keeps one of each. With DISTINCT, PostgreSQL took the managed modules for a
-- handful of rows, joined the members through their index in random order and took 15 s at four times a large
-- university where this form takes 3 s (docs/performance.md).
SELECT d.vle_courseid, g.ayr_code, g.mod_code, g.group_code, 'group' AS kind, g.group_name AS who
  FROM (SELECT m.vle_courseid, o.mod_occ_year_code AS ayr_code, o.mod_code
          FROM sits_moduleoccurence_mapping m
          JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
          LEFT JOIN sits_mapping_statuses st ON st.vle_courseid = m.vle_courseid
         WHERE m.group_import = 'ADD' AND m.mapping_action = 'ADD' AND COALESCE(st.mapping_active, 'Y') <> 'N') d
  JOIN cmis_v_moodle_groups_dump g ON g.ayr_code = d.ayr_code AND g.mod_code = d.mod_code
UNION ALL
SELECT d.vle_courseid, s.ayr_code, s.mod_code, s.group_code, 'student', s.stu_code
  FROM (SELECT m.vle_courseid, o.mod_occ_year_code AS ayr_code, o.mod_code
          FROM sits_moduleoccurence_mapping m
          JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
          LEFT JOIN sits_mapping_statuses st ON st.vle_courseid = m.vle_courseid
         WHERE m.group_import = 'ADD' AND m.mapping_action = 'ADD' AND COALESCE(st.mapping_active, 'Y') <> 'N') d
  JOIN cmis_v_moodle_group_students_dump s ON s.ayr_code = d.ayr_code AND s.mod_code = d.mod_code
UNION ALL
SELECT d.vle_courseid, t.ayr_code, t.mod_code, t.group_code, 'tutor', t.staff_upi
  FROM (SELECT m.vle_courseid, o.mod_occ_year_code AS ayr_code, o.mod_code
          FROM sits_moduleoccurence_mapping m
          JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
          LEFT JOIN sits_mapping_statuses st ON st.vle_courseid = m.vle_courseid
         WHERE m.group_import = 'ADD' AND m.mapping_action = 'ADD' AND COALESCE(st.mapping_active, 'Y') <> 'N') d
  JOIN cmis_v_moodle_group_tutors_dump t ON t.ayr_code = d.ayr_code AND t.mod_code = d.mod_code
 ORDER BY vle_courseid
