package uk.ac.mim.sits.ims;

import net.sf.saxon.Configuration;
import net.sf.saxon.s9api.Processor;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;

/**
 * One Saxon Configuration for the IMS file: the writer builds its chunks as trees of it, and Saxon, or the ims-xslt
 * route's xslt-saxon endpoint (mim.ims.xslt-route), transforms them with it (Saxon refuses a tree of another one).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class ImsXsltConfig {

    @Bean
    Configuration imsSaxonConfiguration() {
        return new Configuration();
    }

    /** The feed's writer: Saxon called directly, or each chunk through routes/ims-xslt.yaml (mim.ims.xslt-route). */
    @Bean
    ImsWriter imsWriter(ImsProperties ims, Configuration imsSaxonConfiguration, ProducerTemplate template) {
        if (ims.isXsltRoute()) {
            return throughRoute(ims, imsSaxonConfiguration, template);
        }
        Processor saxon = new Processor(imsSaxonConfiguration);
        return new ImsWriter(ims, saxon, ImsWriter.s9api(ims, saxon));
    }

    /** A writer whose chunks go through the ims-xslt route's xslt-saxon endpoint. */
    public static ImsWriter throughRoute(ImsProperties ims, Configuration saxon, ProducerTemplate template) {
        return new ImsWriter(ims, new Processor(saxon),
                chunk -> template.requestBody("direct:ims-xslt", chunk.getUnderlyingNode(), byte[].class));
    }
}
