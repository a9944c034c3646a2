-- What each copy's table holds (ViewCopier): its rows' fingerprint, written in the copy's own transaction, so it
-- is exactly the committed content. A rerun's copy compares its source with it and writes nothing when they agree.
CREATE TABLE mim_copy_content (
    table_name   VARCHAR(100) NOT NULL PRIMARY KEY,
    fingerprint  VARCHAR(40)  NOT NULL,
    copied_at    ${ts}        NOT NULL
)${table_options};
