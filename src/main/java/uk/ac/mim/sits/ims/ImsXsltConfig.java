package uk.ac.mim.sits.ims;

import net.sf.saxon.Configuration;
import net.sf.saxon.s9api.Processor;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;

/**
 * One Saxon Configuration for the IMS file: the writer builds its chunks as trees of it and the ims-xslt route's
 * xslt-saxon endpoint transforms them with it (Saxon refuses a tree of another configuration).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class ImsXsltConfig {

    @Bean
    Configuration imsSaxonConfiguration() {
        return new Configuration();
    }

    /** The feed's writer: chunks through routes/ims-xslt.yaml. */
    @Bean
    ImsWriter imsWriter(ImsProperties ims, Configuration imsSaxonConfiguration, ProducerTemplate template) {
        return new ImsWriter(ims, new Processor(imsSaxonConfiguration),
                chunk -> template.requestBody("direct:ims-xslt", chunk.getUnderlyingNode(), byte[].class));
    }
}
