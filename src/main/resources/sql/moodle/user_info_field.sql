SELECT id, shortname FROM ${prefix}user_info_field
