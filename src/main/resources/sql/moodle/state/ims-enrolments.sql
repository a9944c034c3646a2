-- Moodle's actual IMS-owned student enrolments, from the replica snapshot: enrol instances of method
-- imsenterprise, their user enrolments (status 0 active, 1 suspended), non-deleted users. Ordered by course: the
-- IMS planner reads each course's enrolments when it plans that course, not the university's at once (keep it).
SELECT e.courseid, ue.userid, ue.status
  FROM moodle_enrol_dump e
  JOIN moodle_user_enrolments_dump ue ON ue.enrolid = e.id
  JOIN moodle_user_dump u ON u.id = ue.userid
 WHERE e.enrol = 'imsenterprise' AND u.deleted = 0
 ORDER BY e.courseid
