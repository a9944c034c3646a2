SELECT groupid, userid FROM moodle_groups_members_dump
