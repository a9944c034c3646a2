package uk.ac.mim.ops.alerts;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.moodle.MoodleProperties;

/**
 * The configured secrets (database passwords, the Moodle token, the alert channels' password and webhook address),
 * so that an alert's text can be checked against them: a reason quoted from an exception must never carry one out
 * of the service, whatever a driver put in its message.
 */
@Component
public class Secrets {

    private final List<String> values = new ArrayList<>();

    public Secrets(MimProperties props, MoodleProperties moodle, AlertProperties alerts) {
        props.getDatasource().values().forEach(d -> add(d.getPassword()));
        add(moodle.getToken());
        add(alerts.getMail().getPassword());
        add(alerts.getWebhook().getUrl());
    }

    private void add(String secret) {
        if (secret != null && secret.length() >= 4) { // shorter is no secret, and would blank half the text
            values.add(secret);
        }
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : values) {
            out = out.replace(s, "****");
        }
        return out;
    }
}
