-- Moodle's courses with their category's name, from the replica snapshot.
SELECT c.id, c.idnumber, c.shortname, c.fullname, cat.name AS category
  FROM moodle_course_dump c LEFT JOIN moodle_course_categories_dump cat ON cat.id = c.category
