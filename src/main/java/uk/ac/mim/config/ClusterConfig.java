package uk.ac.mim.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import uk.ac.mim.staging.StagingDialect;

/**
 * {@code mim.cluster.enabled=true}: the night's Quartz triggers live in a clustered JDBC job store in the
 * staging database, so two or more nodes share one schedule: each firing runs on exactly one node, and
 * when a node dies another takes over its triggers (it notices within {@code checkin-interval}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mim.cluster.enabled", havingValue = "true")
public class ClusterConfig {

    static final String DATASOURCE = "mimStaging";

    @ConfigurationProperties("mim.cluster")
    public static class ClusterProperties {
        private boolean enabled;
        /** How often a node checks in; a node silent for longer is taken to be dead. */
        private long checkinIntervalMs = 7500;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public long getCheckinIntervalMs() { return checkinIntervalMs; }
        public void setCheckinIntervalMs(long checkinIntervalMs) { this.checkinIntervalMs = checkinIntervalMs; }
    }

    @Bean("quartz")
    QuartzComponent quartz(DataSource stagingDataSource, ClusterProperties cluster, MimProperties props) throws SchedulerException {
        DBConnectionManager.getInstance().addConnectionProvider(DATASOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return stagingDataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to Spring
            }

            @Override
            public void initialize() {
                // nothing to set up
            }
        });
        boolean postgres = StagingDialect.ofUrl(props.getDatasource().get(DataSourcesConfig.STAGING).getUrl()) == StagingDialect.POSTGRESQL;
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "mim");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATASOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(cluster.getCheckinIntervalMs()));
        QuartzComponent quartz = new QuartzComponent();
        quartz.setSchedulerFactory(new StdSchedulerFactory(p));
        return quartz;
    }
}
