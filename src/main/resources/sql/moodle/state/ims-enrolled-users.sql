-- The users who hold an IMS-owned student enrolment in any course, from the replica snapshot: the same enrolments as
-- ims-enrolments.sql (keep the two alike), each user once. The IMS planner reads this first to know which accounts
-- the import owns, then the enrolments themselves course by course.
SELECT DISTINCT ue.userid
  FROM moodle_enrol_dump e
  JOIN moodle_user_enrolments_dump ue ON ue.enrolid = e.id
  JOIN moodle_user_dump u ON u.id = ue.userid
 WHERE e.enrol = 'imsenterprise' AND u.deleted = 0
