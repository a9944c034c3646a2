package uk.ac.mim.config;

import com.zaxxer.hikari.HikariDataSource;

/** Lets tests build a datasource exactly as the service does. */
public final class DataSourcesTestAccess {

    private DataSourcesTestAccess() {
    }

    public static HikariDataSource build(String name, MimProperties props, boolean readOnly) {
        return DataSourcesConfig.build(name, props, readOnly);
    }
}
