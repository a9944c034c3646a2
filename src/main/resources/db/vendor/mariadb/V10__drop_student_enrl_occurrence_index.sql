-- The registrations are joined to every mapped occurrence at once (sql/sits/desired/module.sql and
-- department.sql): a hash join over the table. With this index PostgreSQL chose a nested loop of index
-- lookups and took 15 s instead of 0.9 s at x4 (docs/performance.md); dropped on every database alike.
DROP INDEX ucl_student_enrl_mod ON ucl_bdo_v_moodle_student_enrl_dump;
