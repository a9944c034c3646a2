package uk.ac.mim.moodle;

import org.apache.camel.Ordered;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The camel-http component's timeouts and the moodle-ws route's redelivery policy, from mim.moodle.*. */
@Configuration(proxyBeanMethods = false)
public class MoodleHttpConfig {

    /** One request's connect, socket and response timeouts (mim.moodle.request-timeout), and no hidden retries. */
    @Bean
    ComponentCustomizer moodleHttpTimeouts(MoodleProperties props) {
        // last, after the starter's own customizer has bound camel.component.http.* (defaults included)
        return ComponentCustomizer.builder(HttpComponent.class).withOrder(Ordered.LOWEST).build(http -> {
            long ms = props.getRequestTimeout().toMillis();
            http.setConnectTimeout(ms);
            http.setSoTimeout(ms);
            http.setResponseTimeout(ms);
            http.setConnectionRequestTimeout(ms);
            // HttpClient would otherwise retry 429/503 itself, unseen, outside the budget: Camel's redelivery does it
            http.setAutomaticRetriesDisabled(true);
            http.setRedirectHandlingDisabled(true);
        });
    }

    /** Referenced by the mim-moodle-errors route configuration (routes/error-handling.yaml). */
    @Bean
    RedeliveryPolicy moodleRedeliveryPolicy(MoodleRetries retries) {
        return retries.policy();
    }
}
