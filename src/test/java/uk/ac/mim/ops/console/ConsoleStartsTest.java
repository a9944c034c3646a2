package uk.ac.mim.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import uk.ac.mim.staging.FeedRun;

/** The Run button's outcome: a run that could not start says so on the page the operator lands on. */
class ConsoleStartsTest {

    @Test
    void aStartFailureIsShownNotDropped() throws Exception {
        ConsoleStarts starts = new ConsoleStarts();
        try {
            String token = starts.start("sits-copy-route", false, "olga", () -> {
                throw new IllegalStateException("sits-copy-route did not start: staging database not ready");
            });
            try {
                starts.get(token).run().get(); // waits for the background run to end
            } catch (ExecutionException expected) {
                // the page below reports it
            }
            ConsoleController console = new ConsoleController(null, null, null, null, null, null, null, null, null, null, starts, null);

            String page = console.started(new MockHttpServletRequest(), token, null);

            assertThat(page).contains("Run of sits-copy-route started by olga")
                    .contains("<p id=\"outcome\" class=\"FAILED\">Did not start: sits-copy-route did not start: staging database not ready");
            assertThat(console.started(new MockHttpServletRequest(), "unknown", null)).contains("no longer remembered");
        } finally {
            starts.stop();
        }
    }

    @Test
    void aFinishedRunLinksToItsPlan() throws Exception {
        ConsoleStarts starts = new ConsoleStarts();
        try {
            FeedRun done = new FeedRun("run-7", "sits-copy-route", null, "olga", java.time.Instant.now(), java.time.Instant.now(),
                    uk.ac.mim.staging.RunStatus.OK, true, 3, 3, 0, "copied 3 of 3 rows", null, null, 0);
            String token = starts.start("sits-copy-route", true, "olga", () -> done);
            starts.get(token).run().get();

            String page = new ConsoleController(null, null, null, null, null, null, null, null, null, null, starts, null)
                    .started(new MockHttpServletRequest(), token, null);

            assertThat(page).contains("Dry run of sits-copy-route", "<span class=\"st\">OK</span>: copied 3 of 3 rows",
                    "href=\"/console/runs/run-7\"");
        } finally {
            starts.stop();
        }
    }
}
