package uk.ac.mim.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;

/**
 * Fills the embedded H2 sources (SITS, CMIS, the Moodle replica) and the block's mapping tables with
 * {@link DemoUniversity} when they are empty. It never touches a database that is not H2, so pointing
 * the service at real systems makes it inert.
 */
@Component
@Order(0)
public class DemoSeeder implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);

    private static final Map<String, String> MAPPING_COLUMNS = Map.of(
            "sits_moduleoccurence_mapping", "mod_occ_bdo_id, reg_status, vle_idnumber, vle_courseid, mapping_action, group_import",
            "sits_departments_mapping", "dpt_code, reg_status, vle_idnumber, vle_courseid, mapping_action",
            "sits_programmes_mapping", "prg_code, course_year, vle_idnumber, vle_courseid, mapping_action",
            "sits_routes_mapping", "rou_code, course_year, vle_idnumber, vle_courseid, mapping_action",
            "sits_faculties_mapping", "fac_code, course_year, ugpg, vle_idnumber, vle_courseid, mapping_action",
            "sits_mapping_statuses", "vle_courseid, vle_idnumber, mapping_active");

    private final MimProperties props;
    private final DataSource staging;

    private final uk.ac.mim.staging.StagingSchema schema;

    // The migration initializer is required so the mapping tables exist (when they can) before they are seeded.
    public DemoSeeder(MimProperties props, DataSource stagingDataSource, uk.ac.mim.staging.StagingSchema schema,
                      org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer migrated) {
        this.props = props;
        this.staging = stagingDataSource;
        this.schema = schema;
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        if (!props.getDemo().isSeed()) {
            return;
        }
        DemoUniversity u = new DemoUniversity(props.getDemo().getStudents(), props.getDemo().getRandomSeed());
        seedSource("sits", "demo/sits-schema.sql", "sismgr.ucl_bdo_v_moodle_faculties", u.sits);
        seedSource("cmis", "demo/cmis-schema.sql", "cmis_v_moodle_groups", u.cmis);
        seedSource("moodle", "demo/moodle-schema.sql", props.getMoodle().getTablePrefix() + "course", u.moodle);
        // The block's mappings belong with the demo sources: seeded only when SITS itself is the embedded demo.
        MimProperties.DataSourceSettings sitsSource = props.getDatasource().get("sits");
        boolean demoSources = sitsSource != null && sitsSource.getUrl() != null && sitsSource.getUrl().startsWith("jdbc:h2:");
        if (!schema.ready()) {
            LOG.warn("Demo: staging database not ready; the block's mapping tables are not seeded");
            return;
        }
        try (Connection c = staging.getConnection()) {
            if (demoSources && count(c, "sits_moduleoccurence_mapping") == 0
                    && count(c, "sits_departments_mapping") == 0) {
                for (var e : u.mappings.entrySet()) {
                    insert(c, e.getKey(), MAPPING_COLUMNS.get(e.getKey()), e.getValue());
                }
                LOG.info("Demo: seeded the block's mapping tables in the staging database");
            }
        }
    }

    private void seedSource(String name, String schema, String probe, Map<String, List<Object[]>> tables)
            throws SQLException, IOException {
        MimProperties.DataSourceSettings s = props.getDatasource().get(name);
        if (s == null || s.getUrl() == null || !s.getUrl().startsWith("jdbc:h2:")) {
            return;
        }
        // Its own writable connection: the service's pool for this source is read-only.
        try (Connection c = DriverManager.getConnection(s.getUrl(), s.getUsername(), s.getPassword())) {
            if (tableExists(c, probe)) {
                return;
            }
            try (Statement st = c.createStatement()) {
                for (String stmt : script(schema)) {
                    st.execute(stmt);
                }
            }
            int rows = 0;
            for (var e : tables.entrySet()) {
                String table = e.getKey().startsWith("mdl_")
                        ? props.getMoodle().getTablePrefix() + e.getKey().substring(4) : e.getKey();
                insert(c, table, null, e.getValue());
                rows += e.getValue().size();
            }
            LOG.info("Demo: seeded {} rows into the embedded {} database", rows, name);
        }
    }

    private static void insert(Connection c, String table, String columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.get(0).length;
        String marks = String.join(", ", Collections.nCopies(n, "?"));
        String sql = "INSERT INTO " + table + (columns == null ? "" : " (" + columns + ")") + " VALUES (" + marks + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < n; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static boolean tableExists(Connection c, String table) {
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static int count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> script(String resource) throws IOException {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("mdl_", props.getMoodle().getTablePrefix());
            return java.util.Arrays.stream(text.split(";"))
                    .map(s -> s.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip())
                    .filter(s -> !s.isEmpty()).toList();
        }
    }
}
