package uk.ac.mim.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.CopyListener;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.ViewCopier;

/** A feed triggered while it runs does not overlap; a process killed while writing leaves no partial file. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:faults-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/faults"})
class FaultsTest {

    @Autowired
    FeedRunner runner;
    @Autowired
    ViewCopier copier;

    @Test
    void aFeedTriggeredAgainWhileRunningIsSkippedNotOverlapped() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        copier.setListener((feed, step) -> {
            if (step == CopyListener.Step.ROWS_LOADED) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            CompletableFuture<FeedRun> first = CompletableFuture.supplyAsync(() -> runner.run("sits-copy-student", null, null, "schedule"));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

            FeedRun second = runner.run("sits-copy-student", null, null, "operator");

            assertThat(second.status()).isEqualTo(RunStatus.SKIPPED);
            assertThat(second.message()).contains("already running");
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.OK);
        } finally {
            copier.setListener(CopyListener.NONE);
            release.countDown();
        }
        assertThat(runner.run("sits-copy-student", null, null, "operator").status()).isEqualTo(RunStatus.OK);
    }

    @Test
    void aProcessKilledWhileWritingTheFilesLeavesNoPartialFileInTheDropFolder() throws Exception {
        Path out = Path.of("target/test-out/killed").toAbsolutePath();
        FileSystemUtils.deleteRecursively(out);
        Path drop = out.resolve("drop");
        Files.createDirectories(drop);
        Files.writeString(drop.resolve("UCL_SIS_export.xml"), "<enterprise>last night</enterprise>");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), "uk.ac.mim.MimApplication",
                "--mim.run-once=all", "--mim.demo.students=20000", "--mim.ims.chunk-size=20",
                "--mim.datasource.staging.url=jdbc:h2:mem:killed", "--mim.output-dir=" + out, "--mim.ims.drop-dir=" + drop,
                "--mim.profile-fields.drop-dir=" + drop, "--mim.routes-dir=" + out.resolve("routes"))
                .redirectErrorStream(true).redirectOutput(out.resolve("child.log").toFile()).start();
        try {
            // wait for the IMS writer's temporary file, then kill the process mid-write
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean writing = false;
            while (!writing && p.isAlive() && System.nanoTime() < end) {
                try (var files = Files.list(drop)) {
                    writing = files.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
                }
                Thread.sleep(5); // polling another process's files: there is no event to wait on
            }
            assertThat(writing).as("the child reached the write (see %s)", out.resolve("child.log")).isTrue();
            p.destroyForcibly().waitFor();
        } finally {
            p.destroyForcibly();
        }
        List<String> names;
        try (var files = Files.list(drop)) {
            names = files.map(f -> f.getFileName().toString()).toList();
        }
        // the consumer's file is last night's, whole; only a temporary file (a name Moodle never reads) is left
        assertThat(Files.readString(drop.resolve("UCL_SIS_export.xml"))).isEqualTo("<enterprise>last night</enterprise>");
        assertThat(names).filteredOn(n -> !n.endsWith(".part")).containsExactly("UCL_SIS_export.xml");
    }
}
