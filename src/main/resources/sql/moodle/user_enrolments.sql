SELECT id, enrolid, userid, status FROM ${prefix}user_enrolments
