package uk.ac.mim.ops.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import org.springframework.stereotype.Component;

import uk.ac.mim.staging.FeedRun;

/**
 * Runs started from the console, in the background, remembered (the last 200) so the page the operator lands on
 * shows what became of theirs: still running, its outcome with a link to its plan, or why it did not start.
 * (The Run button used to say "started" and drop the outcome, failures to start included.)
 */
@Component
class ConsoleStarts {

    record Start(String feedId, boolean dry, String by, Instant at, Future<FeedRun> run) { }

    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mim-console-run");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Start> starts = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Start> eldest) {
            return size() > 200;
        }
    };

    synchronized String start(String feedId, boolean dry, String by, Supplier<FeedRun> run) {
        String token = UUID.randomUUID().toString();
        starts.put(token, new Start(feedId, dry, by, Instant.now(), background.submit(run::get)));
        return token;
    }

    synchronized Start get(String token) {
        return starts.get(token);
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
