-- Only the profile field(s) the feeds read (the UPI). Edit the shortname to match your site.
SELECT d.userid, d.fieldid, d.data
  FROM ${prefix}user_info_data d
  JOIN ${prefix}user_info_field f ON f.id = d.fieldid
 WHERE f.shortname IN ('upi')
