package uk.ac.mim.config;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import uk.ac.mim.staging.CopyFeed;
import uk.ac.mim.staging.CopyListener;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.SourceDataSources;
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

    @Bean("viewCopy")
    public CopyFeed viewCopy(ViewCopier copier) {
        return new CopyFeed(copier);
    }
}
