-- Moodle's accounts, from the replica snapshot.
SELECT id, username, idnumber, firstname, lastname, email, suspended FROM moodle_user_dump WHERE deleted = 0
