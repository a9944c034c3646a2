SELECT groupid, userid, component FROM ${prefix}groups_members
