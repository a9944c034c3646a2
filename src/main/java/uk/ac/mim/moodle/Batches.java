package uk.ac.mim.moodle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sends items in batches. Moodle runs each call in one transaction, so one bad item fails its whole batch:
 * a batch refused for an item is split in halves and retried until the bad item is alone; it is reported
 * and the rest goes through. Configuration, transient and budget errors are not item errors: they stop.
 */
public final class Batches {

    private Batches() {
    }

    /** Writes one item's parameters at index i, e.g. {@code groups[i][name]}. */
    @FunctionalInterface
    public interface Params<T> {
        void put(Map<String, String> params, int i, T item);
    }

    public interface Outcome<T> {
        /** The items of a successful call and Moodle's answer to it. */
        void succeeded(List<T> items, JsonNode answer);

        /** One item, alone in its call, refused. */
        void failed(T item, MoodleException error);
    }

    public static <T> void send(MoodleClient client, String function, List<T> items, int batchSize, Params<T> params,
                                Outcome<T> outcome) {
        for (int i = 0; i < items.size(); i += Math.max(1, batchSize)) {
            sendSplitting(client, function, items.subList(i, Math.min(items.size(), i + Math.max(1, batchSize))), params, outcome);
        }
    }

    private static <T> void sendSplitting(MoodleClient client, String function, List<T> items, Params<T> params, Outcome<T> outcome) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            params.put(p, i, items.get(i));
        }
        try {
            outcome.succeeded(items, client.call(function, p));
        } catch (MoodleException e) {
            if (e.kind() != MoodleException.Kind.ITEM) {
                throw e;
            }
            if (items.size() == 1) {
                outcome.failed(items.get(0), e);
                return;
            }
            int half = items.size() / 2;
            sendSplitting(client, function, items.subList(0, half), params, outcome);
            sendSplitting(client, function, items.subList(half, items.size()), params, outcome);
        }
    }
}
