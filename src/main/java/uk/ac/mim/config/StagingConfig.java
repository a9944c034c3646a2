package uk.ac.mim.config;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import uk.ac.mim.staging.CopyFeed;
import uk.ac.mim.staging.CopyListener;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.SourceDataSources;
import uk.ac.mim.staging.SourceRows;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.ViewCopier;

@Configuration(proxyBeanMethods = false)
public class StagingConfig {

    @Bean
    public ViewCopier viewCopier(DataSource stagingDataSource, SourceDataSources sources, SqlResources sql,
                                 Journal journal, MimProperties props, ObjectProvider<CopyListener> listener) {
        ViewCopier copier = new ViewCopier(stagingDataSource, sources, sql, journal, props);
        copier.setListener(listener.getIfAvailable());
        return copier;
    }

    /** camel-sql's row mapping for a copy's read step ({@code rowMapperFactory=#copySourceRows}). */
    @Bean("copySourceRows")
    public SourceRows copySourceRows() {
        return new SourceRows();
    }

    /**
     * Each source's pool, as a copy's read step names it ({@code dataSource=#mimCopySource-sits}): bound in Camel's
     * registry rather than declared as Spring beans, so Spring Boot's database health does not take the sources for
     * the service's own database. And the reports' JSON mapper ({@code reportJson}).
     */
    @Bean
    public CamelContextConfiguration copySourcesInRegistry(ViewCopier copier, SourceDataSources sources,
                                                           uk.ac.mim.staging.RunReports reports) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                for (String name : sources.names()) {
                    camel.getRegistry().bind("mimCopySource-" + name, copier.readPool(name));
                }
                // the reports' mapper for the publishers' marshal: json steps; not a Spring bean, which would
                // replace Spring Boot's own ObjectMapper
                camel.getRegistry().bind("reportJson", reports.mapper());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the pools are bound before the routes start
            }
        };
    }

    @Bean("viewCopy")
    public CopyFeed viewCopy(ViewCopier copier) {
        return new CopyFeed(copier);
    }
}
