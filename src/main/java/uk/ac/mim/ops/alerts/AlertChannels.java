package uk.ac.mim.ops.alerts;

import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What routes/alerts.yaml reads of the channels' settings (bean {@code alertChannels}): the recipients, and the
 * webhook's address, which is a secret and so is handed to camel-http in a header rather than written in a URI.
 * The SMTP login, when there is one, is set on the {@code smtp} component here, so it never appears in an endpoint URI.
 */
@Configuration(proxyBeanMethods = false)
public class AlertChannels {

    private final AlertProperties alerts;

    public AlertChannels(AlertProperties alerts) {
        this.alerts = alerts;
    }

    public String mailTo() {
        return String.join(",", alerts.getMail().getTo());
    }

    public String mailFrom() {
        return alerts.getMail().getFrom();
    }

    public String webhookUrl() {
        return alerts.getWebhook().getUrl();
    }

    @Bean
    static ComponentCustomizer alertMailLogin(AlertProperties alerts) {
        return ComponentCustomizer.builder(MailComponent.class).withOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
                .withCondition((name, component) -> name.equals("smtp")).build(mail -> {
            var c = mail.getConfiguration();
            c.setConnectionTimeout((int) alerts.getMail().getTimeout().toMillis());
            if (!alerts.getMail().getUsername().isBlank()) {
                c.setUsername(alerts.getMail().getUsername());
                c.setPassword(alerts.getMail().getPassword());
            }
        });
    }
}
