-- Who is enrolled in which course, by any method, active (enrol instance and user enrolment both status 0):
-- only enrolled users can join a group.
SELECT e.courseid, ue.userid
  FROM moodle_enrol_dump e JOIN moodle_user_enrolments_dump ue ON ue.enrolid = e.id
 WHERE e.status = 0 AND ue.status = 0
