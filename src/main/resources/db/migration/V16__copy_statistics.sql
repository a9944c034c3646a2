-- The content a table's planner statistics were last taken of (ViewCopier): a copy whose rows hash to the same
-- fingerprint as at the last ANALYZE leaves the statistics as they are (a no-change night analyses nothing).
CREATE TABLE mim_copy_statistics (
    table_name   VARCHAR(100) NOT NULL PRIMARY KEY,
    fingerprint  VARCHAR(40)  NOT NULL,
    analyzed_at  ${ts}        NOT NULL
)${table_options};
