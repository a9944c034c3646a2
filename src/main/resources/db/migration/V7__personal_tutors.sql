-- Personal tutors for Moodle's enrol_dbuserrel (docs/contract.md §4.3, types in §6). The feed refreshes the table in
-- one transaction; the consumer reads the view, whose column names are lower case on every database.
CREATE TABLE mim_personal_tutor (
    student_code      VARCHAR(12)  NOT NULL,
    student_upi       VARCHAR(50),
    student_username  VARCHAR(100),
    student_firstname VARCHAR(100),
    student_surname   VARCHAR(100),
    student_programme VARCHAR(15),
    student_id        BIGINT,
    sits_tutor_upi    VARCHAR(20),
    tutor_upi         VARCHAR(50),
    tutor_firstname   VARCHAR(100),
    tutor_surname     VARCHAR(100),
    tutor_id          BIGINT,
    role              VARCHAR(30),
    source            VARCHAR(30)
)${table_options};

CREATE VIEW sits_v_personaltutorrole (${q}student_code${q}, ${q}student_upi${q}, ${q}student_username${q},
    ${q}student_firstname${q}, ${q}student_surname${q}, ${q}student_programme${q}, ${q}student_id${q},
    ${q}sits_tutor_upi${q}, ${q}tutor_upi${q}, ${q}tutor_firstname${q}, ${q}tutor_surname${q}, ${q}tutor_id${q},
    ${q}role${q}, ${q}source${q}) AS
SELECT student_code, student_upi, student_username, student_firstname, student_surname, student_programme,
       student_id, sits_tutor_upi, tutor_upi, tutor_firstname, tutor_surname, tutor_id, role, source
  FROM mim_personal_tutor;
