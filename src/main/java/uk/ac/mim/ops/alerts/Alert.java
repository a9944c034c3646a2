package uk.ac.mim.ops.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * One message to operators: an incident opened (a feed FAILED or BLOCKED, a chain that did not run at its time, a
 * publisher's input older than allowed), closed (the feed is OK again), or the morning summary. The text is built
 * from the journal's words, which never hold a secret (the journal masks them as it writes).
 */
public record Alert(Kind kind, String incident, String feedId, String status, String reason, String figures, String link,
                    Instant at) {

    public enum Kind { OPENED, RECOVERED, SUMMARY }

    /** The mail's subject line. */
    public String subject() {
        return switch (kind) {
            case OPENED -> "[MIM] " + feedId + " " + status;
            case RECOVERED -> "[MIM] " + feedId + " OK again";
            case SUMMARY -> "[MIM] the night: " + status;
        };
    }

    /** The message body: plain text, the same for mail and webhook. */
    public String text() {
        StringBuilder b = new StringBuilder();
        switch (kind) {
            case OPENED -> b.append(feedId).append(" is ").append(status).append(" (").append(at).append(")\n");
            case RECOVERED -> b.append(feedId).append(" is OK again (").append(at).append(")\n");
            case SUMMARY -> b.append("The night, ").append(at).append(": ").append(status).append('\n');
        }
        if (reason != null && !reason.isBlank()) {
            b.append(kind == Kind.SUMMARY ? "" : "Reason: ").append(reason).append('\n');
        }
        if (figures != null && !figures.isBlank()) {
            b.append(figures).append('\n');
        }
        if (link != null) {
            b.append("Console: ").append(link).append('\n');
        }
        return b.toString();
    }

    /** The webhook's JSON body (marshalled by camel-jackson in the route): {"text": …}. */
    public Map<String, String> webhookBody() {
        return Map.of("text", subject() + "\n\n" + text());
    }
}
