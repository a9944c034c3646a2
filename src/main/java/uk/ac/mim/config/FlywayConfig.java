package uk.ac.mim.config;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import uk.ac.mim.staging.StagingDialect;

/** Feeds the vendor-specific DDL fragments to the staging migrations. */
@Configuration(proxyBeanMethods = false)
public class FlywayConfig {

    @Bean
    FlywayConfigurationCustomizer stagingDialectPlaceholders(DataSource stagingDataSource) {
        return configuration -> configuration.placeholders(StagingDialect.of(stagingDataSource).placeholders());
    }
}
