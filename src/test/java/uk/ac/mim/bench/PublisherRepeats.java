package uk.ac.mim.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;

/**
 * Each publisher run again and again on the no-change state, in the JVM that has just run three nights: a stage's
 * wall and CPU seconds once the JIT has settled (the last two thirds of the runs), where a night's one figure per
 * stage moves with the machine's hour. {@code -Dbench.repeat=N} (0: off).
 */
final class PublisherRepeats {

    private PublisherRepeats() { }

    static List<String> run(FeedRunner runner, List<String> publishers, int times, Consumer<String> progress) {
        List<String> report = new ArrayList<>(List.of("", "## each publisher " + times + " times more, on the no-change state",
                "", "Medians of the last " + (times - times / 3) + " runs (the first third warms up), each after a full GC;"
                        + " the CMIS feed dry.", "", "| publisher | s | JVM CPU s | PostgreSQL CPU s |", "|---|---|---|---|"));
        for (String feed : publishers) {
            double[][] runs = new double[3][times];
            for (int k = 0; k < times; k++) {
                System.gc();
                CpuClock.Reading before = CpuClock.now();
                FeedRun r = runner.run(feed, NightBenchmarkTest.dry(feed), UUID.randomUUID().toString(), "bench");
                CpuClock.Reading after = CpuClock.now();
                runs[0][k] = r.durationMillis() / 1000.0;
                runs[1][k] = after.jvmSecondsSince(before);
                runs[2][k] = after.pgSecondsSince(before);
            }
            String line = String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |", feed, median(runs[0], times / 3),
                    median(runs[1], times / 3), median(runs[2], times / 3));
            report.add(line);
            progress.accept("repeated " + line);
        }
        return report;
    }

    private static double median(double[] values, int skip) {
        double[] v = Arrays.copyOfRange(values, skip, values.length);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
