SELECT id, username, idnumber, firstname, lastname, email, deleted, suspended FROM ${prefix}user
