-- Moodle's side of every course, from the replica snapshot, course by course (keep the ORDER BY): the groups
-- feed plans one course at a time and holds only that course's groups, members and enrolments. Rows:
--   kind 'G': a group (groupid, idnumber, name) with one of its members (userid; added = 1 when this feed
--             added them, per mim_cmis_member), or with userid NULL when it has none;
--   kind 'E': an active enrolment of userid (enrol instance and user enrolment both status 0): only enrolled
--             users can join a group.
SELECT g.courseid, 'G' AS kind, g.id AS groupid, g.idnumber, g.name, gm.userid,
       CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END AS added
  FROM moodle_groups_dump g
  LEFT JOIN moodle_groups_members_dump gm ON gm.groupid = g.id
  LEFT JOIN mim_cmis_member a ON a.course_id = g.courseid AND a.group_idnumber = g.idnumber AND a.user_id = gm.userid
UNION ALL
SELECT e.courseid, 'E', NULL, NULL, NULL, ue.userid, 0
  FROM moodle_enrol_dump e JOIN moodle_user_enrolments_dump ue ON ue.enrolid = e.id
 WHERE e.status = 0 AND ue.status = 0
 ORDER BY courseid
