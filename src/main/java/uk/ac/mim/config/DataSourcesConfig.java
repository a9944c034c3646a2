package uk.ac.mim.config;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.staging.SourceDataSources;
import uk.ac.mim.staging.StagingReader;

/**
 * The four named connections. Sources (sits, cmis) and the Moodle replica are opened read-only, so a
 * mistaken write fails at the database instead of reaching a system we must never change.
 */
@Configuration(proxyBeanMethods = false)
public class DataSourcesConfig {

    public static final String STAGING = "staging";

    @Bean
    @Primary
    public DataSource stagingDataSource(MimProperties props) {
        return build("staging", props, false);
    }

    @Bean
    @Primary
    public JdbcTemplate stagingJdbc(DataSource stagingDataSource) {
        return new JdbcTemplate(stagingDataSource);
    }

    @Bean
    public StagingReader stagingReader(DataSource stagingDataSource, MimProperties props) {
        return new StagingReader(stagingDataSource, setting(props, "staging").getFetchSize());
    }

    /**
     * Staging for camel-sql's streaming reads (the site's export and web-service feeds: outputType=StreamList with
     * fetchSize): read-only, auto-commit off, because PostgreSQL streams a result with a fetch size only inside a
     * transaction and otherwise reads all of it into memory first. The pool rolls the read back when the
     * connection is returned.
     */
    @Bean(destroyMethod = "close")
    public HikariDataSource stagingStreamDataSource(MimProperties props) {
        return build("staging", props, true, c -> {
            c.setPoolName("mim-staging-stream");
            c.setAutoCommit(false);
            c.setMaximumPoolSize(Math.min(4, setting(props, "staging").getMaximumPoolSize()));
        });
    }

    @Bean(destroyMethod = "close")
    public SourceDataSources sourceDataSources(MimProperties props) {
        SourceDataSources sources = new SourceDataSources();
        for (String name : new String[] {"sits", "cmis", "moodle"}) {
            sources.put(name, build(name, props, true), setting(props, name).getFetchSize());
        }
        return sources;
    }

    private static MimProperties.DataSourceSettings setting(MimProperties props, String name) {
        MimProperties.DataSourceSettings s = props.getDatasource().get(name);
        if (s == null || s.getUrl() == null || s.getUrl().isBlank()) {
            throw new IllegalStateException("mim.datasource." + name + ".url is not set (MIM_DATASOURCE_"
                    + name.toUpperCase() + "_URL)");
        }
        return s;
    }

    static HikariDataSource build(String name, MimProperties props, boolean readOnly) {
        return build(name, props, readOnly, c -> { });
    }

    static HikariDataSource build(String name, MimProperties props, boolean readOnly, java.util.function.Consumer<HikariConfig> more) {
        MimProperties.DataSourceSettings s = setting(props, name);
        HikariConfig c = new HikariConfig();
        c.setPoolName("mim-" + name);
        c.setJdbcUrl(s.getUrl());
        c.setUsername(s.getUsername());
        c.setPassword(s.getPassword());
        c.setReadOnly(readOnly);
        c.setMaximumPoolSize(s.getMaximumPoolSize());
        c.setConnectionTimeout(s.getConnectionTimeout().toMillis());
        // A database that is down at start-up must not stop the service from starting (health reports it).
        c.setInitializationFailTimeout(-1);
        if (s.getUrl().startsWith("jdbc:oracle:")) {
            // Oracle fetches 10 rows a round trip unless told otherwise.
            c.addDataSourceProperty("defaultRowPrefetch", String.valueOf(s.getFetchSize()));
        }
        if (s.getUrl().startsWith("jdbc:postgresql:") && !s.getUrl().contains("reWriteBatchedInserts")) {
            // a JDBC batch goes as multi-row INSERTs rather than one statement per row (the copies' inserts)
            c.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        more.accept(c);
        return new HikariDataSource(c);
    }
}
