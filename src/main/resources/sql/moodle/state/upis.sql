-- Moodle accounts by UPI (the profile field), for CMIS tutors. Parameter: :upi_field.
SELECT d.userid, d.data AS upi
  FROM moodle_user_info_data_dump d
  JOIN moodle_user_info_field_dump f ON f.id = d.fieldid
  JOIN moodle_user_dump u ON u.id = d.userid AND u.deleted = 0
 WHERE f.shortname = :upi_field
