package uk.ac.mim.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a stage's wall time went: the CPU seconds this JVM used (every thread, GC too) and those the PostgreSQL
 * server's processes used (on this host; Linux's /proc). A stage whose two add up to its wall time was busy; the
 * rest of a wall time is waiting (disk, fsync, a lock, the other core busy with something else). And how long the
 * JIT compiler threads spent compiling (the compilation MXBean's total): the first night's extra cost over a
 * warm JVM's, measured rather than inferred.
 */
final class CpuClock {

    /** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux this runs on). */
    private static final double TICKS = 100.0;

    record Reading(long jvmNanos, long pgTicks, long jitMillis) {
        double jvmSecondsSince(Reading before) {
            return (jvmNanos - before.jvmNanos) / 1e9;
        }

        /** Seconds the JIT compiler threads spent compiling, all together (elapsed, as the JVM counts it); -1 if it does not say. */
        double jitSecondsSince(Reading before) {
            return jitMillis < 0 || before.jitMillis < 0 ? -1 : (jitMillis - before.jitMillis) / 1e3;
        }

        /** -1 when /proc could not be read. */
        double pgSecondsSince(Reading before) {
            return pgTicks < 0 || before.pgTicks < 0 ? -1 : (pgTicks - before.pgTicks) / TICKS;
        }
    }

    private CpuClock() { }

    static Reading now() {
        return new Reading(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime(), postgresTicks(), jitMillis());
    }

    private static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * utime + stime of every process named postgres, and cutime + cstime (the postmaster's reaped children: the
     * parallel workers that ended during the stage).
     */
    private static long postgresTicks() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CpuClock::ticksIfPostgres).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ticksIfPostgres(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                return 0;
            }
            // after "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14-17
            String[] f = stat.substring(close + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // a process that ended while it was read
        }
    }
}
