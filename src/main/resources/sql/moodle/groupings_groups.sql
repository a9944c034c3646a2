SELECT groupingid, groupid FROM ${prefix}groupings_groups
