package uk.ac.mim.config;

import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import uk.ac.mim.staging.StagingDialect;

/**
 * Feeds the vendor-specific DDL fragments and the vendor's own migration folder to the staging migrations,
 * decided from the URL: the database need not be up when the service starts (see StagingSchema).
 */
@Configuration(proxyBeanMethods = false)
public class FlywayConfig {

    @Bean
    FlywayConfigurationCustomizer stagingDialectPlaceholders(MimProperties props) {
        return configuration -> {
            StagingDialect dialect = StagingDialect.ofUrl(props.getDatasource().get(DataSourcesConfig.STAGING).getUrl());
            configuration.placeholders(dialect.placeholders())
                    .locations("classpath:db/migration", "classpath:db/vendor/" + dialect.vendor());
        };
    }
}
