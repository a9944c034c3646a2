-- The registrations are joined to every mapped occurrence at once (sql/sits/desired/module.sql and
-- department.sql): a hash join over the table. With this index PostgreSQL chose a nested loop of index
-- lookups, misjudging the rows per occurrence (3 estimated, 27 found), and took 15 s instead of 0.9 s at
-- x4 (docs/performance.md). Dropping it also makes each night's copy of the table cheaper.
DROP INDEX ucl_student_enrl_mod;
