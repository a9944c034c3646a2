-- Tables and views that Moodle's block_portico_enrolments reads and writes (docs/contract.md §3).
-- Names and columns are the block's contract: do not rename.

-- Module occurrences the block searches; refreshed from the module-instance copy on each copy.
CREATE TABLE sits_moduleoccurence (
    mod_occ_bdo_id    VARCHAR(40) NOT NULL,
    mod_inst_bdo_id   VARCHAR(40),
    mod_code          VARCHAR(20),
    mod_occ_psl_code  VARCHAR(10),
    mod_occ_mav       VARCHAR(10),
    mod_occ_year_code VARCHAR(10),
    mod_occ_name      VARCHAR(255),
    CONSTRAINT sits_moduleoccurence_uk UNIQUE (mod_occ_bdo_id)
)${table_options};

CREATE TABLE sits_moduleoccurence_mapping (
    id             ${id},
    mod_occ_bdo_id VARCHAR(40)  NOT NULL,
    reg_status     VARCHAR(10)  DEFAULT 'APP' NOT NULL,
    vle_idnumber   VARCHAR(100),
    vle_courseid   BIGINT       NOT NULL,
    mapping_action VARCHAR(3)   DEFAULT 'ADD' NOT NULL,
    group_import   VARCHAR(3)   DEFAULT 'NA' NOT NULL,
    last_updated   ${ts}
)${table_options};
CREATE INDEX sits_mo_mapping_course ON sits_moduleoccurence_mapping (vle_courseid);

CREATE TABLE sits_departments_mapping (
    id             ${id},
    dpt_code       VARCHAR(20)  NOT NULL,
    reg_status     VARCHAR(10)  DEFAULT 'APP' NOT NULL,
    vle_idnumber   VARCHAR(100),
    vle_courseid   BIGINT       NOT NULL,
    mapping_action VARCHAR(3)   DEFAULT 'ADD' NOT NULL,
    last_updated   ${ts}
)${table_options};

CREATE TABLE sits_programmes_mapping (
    id             ${id},
    prg_code       VARCHAR(20)  NOT NULL,
    course_year    VARCHAR(10),
    vle_idnumber   VARCHAR(100),
    vle_courseid   BIGINT       NOT NULL,
    mapping_action VARCHAR(3)   DEFAULT 'ADD' NOT NULL,
    last_updated   ${ts}
)${table_options};

CREATE TABLE sits_routes_mapping (
    id             ${id},
    rou_code       VARCHAR(20)  NOT NULL,
    course_year    VARCHAR(10),
    vle_idnumber   VARCHAR(100),
    vle_courseid   BIGINT       NOT NULL,
    mapping_action VARCHAR(3)   DEFAULT 'ADD' NOT NULL,
    last_updated   ${ts}
)${table_options};

CREATE TABLE sits_faculties_mapping (
    id             ${id},
    fac_code       VARCHAR(20)  NOT NULL,
    course_year    VARCHAR(10),
    ugpg           CHAR(1),
    vle_idnumber   VARCHAR(100),
    vle_courseid   BIGINT       NOT NULL,
    mapping_action VARCHAR(3)   DEFAULT 'ADD' NOT NULL,
    last_updated   ${ts}
)${table_options};

CREATE TABLE sits_mapping_statuses (
    id             ${id},
    vle_courseid   BIGINT       NOT NULL,
    vle_idnumber   VARCHAR(100),
    mapping_active CHAR(1)      DEFAULT 'Y' NOT NULL,
    last_updated   ${ts},
    CONSTRAINT sits_mapping_statuses_uk UNIQUE (vle_courseid)
)${table_options};

-- Every mapping of a course, of any kind, with a readable label. CONCAT (not ||) works on all three
-- databases; COALESCE because MariaDB's CONCAT returns NULL when any argument is NULL.
CREATE VIEW sits_v_mappings AS
SELECT m.vle_courseid, m.vle_idnumber, 'module' AS mapping_type, m.mod_occ_bdo_id AS mapping_code,
       CONCAT(COALESCE(o.mod_code, m.mod_occ_bdo_id), ' ', COALESCE(o.mod_occ_mav, ''), ' ',
              COALESCE(o.mod_occ_psl_code, ''), ' ', COALESCE(o.mod_occ_year_code, ''), ' - ',
              COALESCE(o.mod_occ_name, '(no longer in SITS)')) AS label,
       m.reg_status, CAST(NULL AS CHAR(10)) AS course_year, CAST(NULL AS CHAR(1)) AS ugpg,
       m.mapping_action, m.group_import, COALESCE(s.mapping_active, 'Y') AS mapping_active
  FROM sits_moduleoccurence_mapping m
  LEFT JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id
  LEFT JOIN sits_mapping_statuses s ON s.vle_courseid = m.vle_courseid
UNION ALL
SELECT m.vle_courseid, m.vle_idnumber, 'department', m.dpt_code,
       CONCAT(m.dpt_code, ' - ', COALESCE(d.dpt_name, '(no longer in SITS)')),
       m.reg_status, NULL, NULL, m.mapping_action, NULL, COALESCE(s.mapping_active, 'Y')
  FROM sits_departments_mapping m
  LEFT JOIN ucl_bdo_v_moodle_department_dump d ON d.dpt_code = m.dpt_code
  LEFT JOIN sits_mapping_statuses s ON s.vle_courseid = m.vle_courseid
UNION ALL
SELECT m.vle_courseid, m.vle_idnumber, 'programme', m.prg_code,
       CONCAT(m.prg_code, ' - ', COALESCE(p.prg_name, '(no longer in SITS)'),
              CASE WHEN m.course_year IS NULL THEN '' ELSE CONCAT(' (year ', m.course_year, ')') END),
       NULL, m.course_year, NULL, m.mapping_action, NULL, COALESCE(s.mapping_active, 'Y')
  FROM sits_programmes_mapping m
  LEFT JOIN ucl_bdo_v_moodle_programme_dump p ON p.prg_code = m.prg_code
  LEFT JOIN sits_mapping_statuses s ON s.vle_courseid = m.vle_courseid
UNION ALL
SELECT m.vle_courseid, m.vle_idnumber, 'route', m.rou_code,
       CONCAT(m.rou_code, ' - ', COALESCE(r.rou_name, '(no longer in SITS)'),
              CASE WHEN m.course_year IS NULL THEN '' ELSE CONCAT(' (year ', m.course_year, ')') END),
       NULL, m.course_year, NULL, m.mapping_action, NULL, COALESCE(s.mapping_active, 'Y')
  FROM sits_routes_mapping m
  LEFT JOIN ucl_bdo_v_moodle_route_dump r ON r.rou_code = m.rou_code
  LEFT JOIN sits_mapping_statuses s ON s.vle_courseid = m.vle_courseid
UNION ALL
SELECT m.vle_courseid, m.vle_idnumber, 'faculty', m.fac_code,
       CONCAT(m.fac_code, ' - ', COALESCE(f.fac_name, '(no longer in SITS)'),
              CASE WHEN m.course_year IS NULL THEN '' ELSE CONCAT(' (year ', m.course_year, ')') END,
              CASE WHEN m.ugpg IS NULL THEN '' ELSE CONCAT(' ', m.ugpg, 'G') END),
       NULL, m.course_year, m.ugpg, m.mapping_action, NULL, COALESCE(s.mapping_active, 'Y')
  FROM sits_faculties_mapping m
  LEFT JOIN ucl_bdo_v_moodle_faculties_dump f ON f.fac_code = m.fac_code
  LEFT JOIN sits_mapping_statuses s ON s.vle_courseid = m.vle_courseid;

-- What staff can map: module occurrences, departments, programmes, routes, faculties.
CREATE VIEW sits_v_sitsdata AS
SELECT 'module' AS data_type, o.mod_occ_bdo_id AS code,
       CONCAT(COALESCE(o.mod_code, ''), ' ', COALESCE(o.mod_occ_mav, ''), ' ', COALESCE(o.mod_occ_psl_code, ''),
              ' - ', COALESCE(o.mod_occ_name, '')) AS name,
       o.mod_occ_year_code AS ayr_code, i.dpt_code AS dpt_code
  FROM sits_moduleoccurence o
  LEFT JOIN ucl_bdo_v_moodle_module_inst_dump i ON i.mod_occ_id = o.mod_occ_bdo_id
UNION ALL
SELECT 'department', d.dpt_code, d.dpt_name, NULL, d.dpt_code FROM ucl_bdo_v_moodle_department_dump d
UNION ALL
SELECT 'programme', p.prg_code, p.prg_name, NULL, p.dpt_code FROM ucl_bdo_v_moodle_programme_dump p
UNION ALL
SELECT 'route', r.rou_code, r.rou_name, NULL, r.dpt_code FROM ucl_bdo_v_moodle_route_dump r
UNION ALL
SELECT 'faculty', f.fac_code, f.fac_name, NULL, NULL FROM ucl_bdo_v_moodle_faculties_dump f;
