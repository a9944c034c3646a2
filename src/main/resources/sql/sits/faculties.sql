-- SITS faculties. Edit to match your site's view; columns must exist in the _dump table.
SELECT fac_code, fac_name FROM sismgr.ucl_bdo_v_moodle_faculties
