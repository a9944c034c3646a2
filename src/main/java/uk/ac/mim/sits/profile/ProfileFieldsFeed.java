package uk.ac.mim.sits.profile;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.DropFolder;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.HeldStudents;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunFiles;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.Stages;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;
import uk.ac.mim.staging.Texts;

/**
 * {@code sits-profile-fields} (bean {@code profileFields}): the CSV for local_userprofilefields_import
 * (docs/contract.md §4.2), marshalled with camel-bindy. Deterministic (rows in the query's order, by username; module lists sorted), so
 * unchanged data gives a byte-identical file the consumer skips. Delivered only when the same cycle's IMS
 * file was delivered (the consumer imports a changed CSV only after a newer IMS import), shrink-guarded
 * against the rows of the last delivered file.
 */
@Component("profileFields")
public class ProfileFieldsFeed {

    public static final String FEED_ID = "sits-profile-fields";
    static final String IMS_FEED = "sits-ims-enrolments";
    /** Exchange property: the run's {@link ProfileRun} while its rows stream through the route. */
    static final String RUN = "mimProfileRun";
    /** Exchange property: the CSV went into the drop folder. */
    private static final String DELIVERED = "mimProfileDelivered";
    private static final Logger LOG = LoggerFactory.getLogger(ProfileFieldsFeed.class);

    /** The CSV as it would be delivered, already written to {@code spool} (a temporary file beside the drop file). */
    record Planned(Path spool, long rows, ShrinkGuard.Retention retained, String withheld, long read, long rejected,
                   List<String> notes) { }

    /**
     * Each student's approved (CON) and pre-approval module lists, sorted and without repeats, as the joined strings
     * the CSV carries, merged in as the students' rows stream: profile-field-modules.sql lists the same students in
     * the same order as profile-fields.sql, so the module rows of the student whose CSV row is next come next. Only
     * that student's lists are held (a university of 200,000 students with twelve modules each held them all, and ran
     * a 128 MiB heap out). A module row left over at the end means the two queries disagree: the run fails.
     */
    static final class ModuleLists {
        record Row(String code, String module, String status) { }

        private final StagingReader.Cursor<Row> rows;
        private final java.util.function.Consumer<Row> incomplete;
        private final TreeSet<String> approved = new TreeSet<>();
        private final TreeSet<String> preApproval = new TreeSet<>();

        ModuleLists(StagingReader.Cursor<Row> rows, java.util.function.Consumer<Row> incomplete) {
            this.rows = rows;
            this.incomplete = incomplete;
        }

        /** Takes the module rows of {@code code}, the student whose CSV row is next (none if it has none). */
        void advanceTo(String code) {
            approved.clear();
            preApproval.clear();
            skipIncomplete();
            while (code != null && rows.peek() != null && code.equals(rows.peek().code())) {
                Row r = rows.take();
                (r.status().strip().equals("CON") ? approved : preApproval).add(r.module());
                skipIncomplete();
            }
        }

        private void skipIncomplete() {
            while (rows.peek() != null && (rows.peek().code() == null || rows.peek().module() == null || rows.peek().status() == null)) {
                incomplete.accept(rows.take());
            }
        }

        String approved() {
            return String.join(",", approved);
        }

        String preApproval() {
            return String.join(",", preApproval);
        }

        /** Every module row was some listed student's; otherwise the queries disagree and the file is not delivered. */
        void finish() {
            skipIncomplete();
            Row left = rows.peek();
            if (left != null) {
                throw new IllegalStateException("sits/profile-field-modules.sql and sits/profile-fields.sql disagree: the"
                        + " module rows of student " + left.code() + " were left over once the CSV was written (both must select"
                        + " the same students in the same order; see their headers). Nothing delivered");
            }
        }
    }

    /** Bulk reads, streamed (see StagingReader). */
    private final StagingReader reader;
    private final SqlResources sql;
    private final MimProperties props;
    private final SitsProperties sits;
    private final ProfileFieldsProperties csv;
    private final Journal journal;
    private final ShrinkGuard guard;
    private final RunReports reports;

    private final HeldStudents heldStudents;

    /** Moodle's user.firstname, lastname and email hold 100 characters; staging keeps the whole value. */
    private static String userText(String who, String field, String value, List<String> notes) {
        return Texts.fit(who, field, Texts.clean(who, field, value, notes), 100, notes);
    }

    public ProfileFieldsFeed(StagingReader reader, SqlResources sql, MimProperties props, SitsProperties sits,
                             ProfileFieldsProperties csv, Journal journal, ShrinkGuard guard, RunReports reports,
                             HeldStudents heldStudents) {
        this.heldStudents = heldStudents;
        this.reader = reader;
        this.sql = sql;
        this.props = props;
        this.sits = sits;
        this.csv = csv;
        this.journal = journal;
        this.guard = guard;
        this.reports = reports;
    }

    /** A row of sits/profile-fields.sql as read, before it is checked. */
    private record SourceRow(String code, String username, String firstName, String surname, String email, String upi,
                             String prgCode, String prgName, String courseYear, String ugpg) { }

    /** What the plan's stages share while the rows stream through the route: the spool and the figures. */
    static final class ProfileRun {
        final Path spool;
        final OutputStream out;
        final ModuleLists modules;
        final uk.ac.mim.staging.HashedStrings usernames = new uk.ac.mim.staging.HashedStrings();
        final uk.ac.mim.staging.HashedStrings codes = new uk.ac.mim.staging.HashedStrings();
        final List<String> notes = new ArrayList<>();
        long read;
        long rejected;

        ProfileRun(Path spool, OutputStream out, ModuleLists modules) {
            this.spool = spool;
            this.out = out;
            this.modules = modules;
        }
    }

    /**
     * plan: the module lists read, the CSV's header written to a temporary file beside the drop file, and the
     * students' rows opened as a stream: the body is an iterator of checked chunks of rows that the route splits,
     * marshals with bindy and appends ({@link #append}); none is held beyond its chunk (a large university has
     * 200,000). A row without a username, or a student or username met before, is rejected with its reason.
     */
    public void plan(Exchange ex) throws Exception {
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        int width = props.getStudentCodeWidth();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ayr", props.getAcademicYear())
                .addValue("enrolment_statuses", sits.getEligibleEnrolmentStatuses())
                .addValue("course_join_statuses", sits.getEligibleCourseJoinStatuses());
        StagingReader.Cursor<ModuleLists.Row> moduleRows = reader.open(sql.query("sits/profile-field-modules.sql"), params,
                (rs, i) -> new ModuleLists.Row(StudentCodes.normalise(rs.getString("stu_code"), width), rs.getString("mod_code"),
                        rs.getString("reg_status")));
        RunFiles.whenDone(ex, "the profile-fields modules query", moduleRows::close);
        // the shipped query filters these out, but a site edits it: a row without them is rejected, never an NPE
        ModuleLists modules = new ModuleLists(moduleRows, r -> {
            String ref = "stu_code=" + r.code() + ", mod_code=" + r.module() + ", reg_status=" + r.status();
            journal.reject(runId, FEED_ID, ref, "sits/profile-field-modules.sql returned a row without "
                    + (r.code() == null ? "a student code" : r.module() == null ? "a module code" : "a registration status"), ref);
        });
        Path spool = DropFolder.temporary(csv.getDropDir(), csv.getFileName());
        RunFiles.deleteWhenDone(ex, spool); // however the run ends; a delivered spool was renamed away before
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16);
        RunFiles.whenDone(ex, "the profile-fields spool's stream", out::close);
        out.write((csv.header() + "\r\n").getBytes(StandardCharsets.UTF_8));
        ProfileRun run = new ProfileRun(spool, out, modules);
        ex.setProperty(RUN, run);
        StagingReader.Cursor<SourceRow> rows = reader.open(sql.query("sits/profile-fields.sql"), params, (rs, i) -> new SourceRow(
                StudentCodes.normalise(rs.getString("stu_code"), width), rs.getString("username"), rs.getString("first_name"),
                rs.getString("surname"), rs.getString("email"), rs.getString("upi"), rs.getString("prg_code"),
                rs.getString("prg_name"), rs.getString("course_year"), rs.getString("ugpg")));
        RunFiles.whenDone(ex, "the profile-fields query", rows::close);
        ex.getMessage().setBody(chunks(run, rows, runId));
    }

    /** The rows in checked chunks of mim.profile-fields.chunk-size, read as the route asks for them. */
    private Iterator<List<ProfileFieldsRow>> chunks(ProfileRun run, StagingReader.Cursor<SourceRow> rows, String runId) {
        return new Iterator<>() {
            private List<ProfileFieldsRow> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = new ArrayList<>(csv.getChunkSize());
                    while (next.size() < csv.getChunkSize() && rows.peek() != null) {
                        ProfileFieldsRow row = check(run, rows.take(), runId);
                        if (row != null) {
                            next.add(row);
                        }
                    }
                }
                return !next.isEmpty();
            }

            @Override
            public List<ProfileFieldsRow> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                List<ProfileFieldsRow> chunk = next;
                next = null;
                return chunk;
            }
        };
    }

    /** The row as the CSV carries it, or null when it is rejected (journaled with its reason). */
    private ProfileFieldsRow check(ProfileRun run, SourceRow r, String runId) {
        run.read++;
        run.modules.advanceTo(r.code()); // this student's module rows are next, whatever becomes of the row
        String ref = "stu_code=" + r.code() + ", username=" + r.username();
        if (r.username() == null || r.username().isBlank()) {
            run.rejected++;
            journal.reject(runId, FEED_ID, ref, "no username: the consumer matches rows by username", ref);
            return null;
        }
        String username = r.username().strip().toLowerCase(Locale.ROOT);
        if (!run.codes.add(r.code())) {
            run.rejected++;
            journal.reject(runId, FEED_ID, ref, "duplicate student code " + r.code() + "; the first row is kept", ref);
            return null;
        }
        if (!run.usernames.add(username)) {
            run.rejected++;
            journal.reject(runId, FEED_ID, ref, "username " + username + " appears twice; the first row is kept", ref);
            return null;
        }
        String who = "student " + r.code();
        List<String> notes = run.notes;
        return new ProfileFieldsRow(username, userText(who, "first_name", r.firstName(), notes),
                userText(who, "surname", r.surname(), notes), userText(who, "email", r.email(), notes),
                r.code(), Texts.clean(who, "upi", r.upi(), notes), Texts.clean(who, "prg_code", r.prgCode(), notes),
                Texts.clean(who, "prg_name", r.prgName(), notes), r.courseYear(),
                run.modules.approved(), run.modules.preApproval(), r.ugpg());
    }

    /** Appends a chunk the route's bindy step marshalled to the spool. */
    public void append(Exchange ex) throws IOException {
        ex.getProperty(RUN, ProfileRun.class).out.write(ex.getMessage().getBody(byte[].class));
    }

    /** planned: the spool complete; held students noted; the figures the guard and the report need. */
    public void planned(Exchange ex) throws Exception {
        ProfileRun run = ex.getProperty(RUN, ProfileRun.class);
        run.out.close();
        run.modules.finish();
        // not in this file, so Moodle keeps what it has for them (the consumer removes nothing): reported
        heldStudents.current().forEach((code, why) -> run.notes.add(HeldStudents.line(code, why, run.codes.contains(code)
                ? "in this file from the rows staging has (their module lists may be short)"
                : "not in this file; Moodle keeps their profile fields as they are")));
        String cycle = ex.getMessage().getHeader(FeedLifecycle.CYCLE_ID, String.class);
        ex.getMessage().setBody(new Planned(run.spool, run.usernames.size(), lastDeliveryRetained(run.usernames),
                imsNotDelivered(cycle).orElse(null), run.read, run.rejected, run.notes));
        ex.getMessage().setHeader(FeedLifecycle.PLAN_SUMMARY, run.usernames.size() + " rows for the CSV from " + run.read
                + " read, " + run.rejected + " rejected");
    }

    /** guard: the share of the last delivered file's users this one keeps. */
    public void guard(Exchange ex) {
        Planned p = ex.getMessage().getBody(Planned.class);
        Stages.verdict(ex, guard.check(FEED_ID, List.of(p.retained()), List.of(), Stages.dry(ex)));
    }

    /**
     * deliver: the spooled CSV renamed into the drop folder atomically and archived; kept beside the report instead
     * on a dry run, or when the IMS file of its cycle was not delivered (the consumer reads both together).
     */
    public void deliver(Exchange ex) throws Exception {
        Planned p = ex.getMessage().getBody(Planned.class);
        boolean dry = Stages.dry(ex);
        if (dry || p.withheld() != null) {
            Path file = Path.of(reports.base(FEED_ID, Stages.runId(ex)) + ".csv");
            Files.createDirectories(file.getParent());
            Files.move(p.spool(), file, StandardCopyOption.REPLACE_EXISTING);
            Stages.keptAside(ex, file, dry ? "dry run: file written to " + file + ", not delivered"
                    : "not delivered: " + p.withheld() + "; the file it would have delivered is " + file);
            if (!dry) {
                ex.getMessage().setHeader(FeedLifecycle.SKIPPED, true);
            }
            return;
        }
        DropFolder.Delivered d = DropFolder.deliver(p.spool(), csv.getDropDir(), csv.getFileName(),
                props.getOutputDir().resolve("archive").resolve("profile-fields"), csv.getArchiveKeep());
        ex.setProperty(DELIVERED, true);
        ShrinkGuard.Verdict verdict = Stages.verdict(ex);
        Stages.delivered(ex, d, verdict.overrideNote() == null ? "" : "; " + verdict.overrideNote());
    }

    /** report: rows, rejections, notes and what was delivered. */
    public void report(Exchange ex) throws Exception {
        Planned p = ex.getMessage().getBody(Planned.class);
        String runId = Stages.runId(ex);
        ShrinkGuard.Verdict verdict = Stages.verdict(ex);
        String outcome = Stages.outcome(ex, "not delivered: " + verdict.describe());
        boolean delivered = ex.getProperty(DELIVERED, false, Boolean.class);
        String message = p.rows() + " rows from " + p.read() + " students (" + p.rejected() + " rejected); " + outcome;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", FEED_ID);
        report.put("runId", runId);
        report.put("dryRun", Stages.dry(ex));
        report.put("guard", verdict);
        report.put("outcome", outcome);
        report.put("notes", p.notes());
        StringBuilder text = new StringBuilder(FEED_ID + "\n" + message + "\n");
        p.notes().forEach(n -> text.append("  ").append(n).append('\n'));
        reports.prepare(ex, FEED_ID, runId, message, report, text.toString());
        LOG.info("{}: {}", FEED_ID, message);
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, new RunCounts(p.read(), delivered ? p.rows() : 0,
                p.rejected(), message, ex.getProperty(Stages.CHECKSUM, String.class), ex.getProperty(Stages.SIZE, Long.class)));
    }

    /** Why this run's CSV must not be delivered, if it must not: the IMS file of the same cycle was not delivered. */
    Optional<String> imsNotDelivered(String cycle) {
        List<FeedRun> ims = cycle == null ? List.of()
                : journal.runsOf(IMS_FEED, cycle);
        if (cycle != null) {
            if (ims.isEmpty()) {
                return Optional.of(IMS_FEED + " did not run in this cycle");
            }
            FeedRun r = ims.get(0);
            if (r.status() != RunStatus.OK || r.dryRun() || r.outputChecksum() == null) {
                return Optional.of(IMS_FEED + " was " + r.status() + (r.dryRun() ? " (dry run)" : "")
                        + " in this cycle, so Moodle gets no newer IMS file and would not import this CSV with it");
            }
            return Optional.empty();
        }
        // run alone: the newest IMS run must be a delivery newer than the newest CSV delivery
        Optional<FeedRun> lastIms = journal.latest(IMS_FEED);
        if (lastIms.isEmpty() || lastIms.get().status() != RunStatus.OK || lastIms.get().dryRun()
                || lastIms.get().outputChecksum() == null) {
            return Optional.of("the latest " + IMS_FEED + " run did not deliver a file"
                    + lastIms.map(r -> " (" + r.status() + (r.dryRun() ? ", dry run" : "") + ")").orElse(""));
        }
        Optional<FeedRun> lastCsv = journal.lastOk(FEED_ID).filter(r -> r.outputChecksum() != null);
        if (lastCsv.isPresent() && lastCsv.get().startedAt().isAfter(lastIms.get().startedAt())) {
            return Optional.of("no IMS file was delivered since the last CSV; run " + IMS_FEED + " first");
        }
        return Optional.empty();
    }

    /** The guard's figures: rows of the file now in the drop folder (the last delivered), and how many of them stay. */
    private ShrinkGuard.Retention lastDeliveryRetained(uk.ac.mim.staging.HashedStrings usernames) throws IOException {
        Path file = csv.getDropDir().resolve(csv.getFileName());
        long rows = 0;
        long retained = 0;
        if (Files.exists(file)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                r.readLine(); // header
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String first = firstField(line);
                    if (!first.isEmpty()) { // a delivered file has each username once
                        rows++;
                        if (usernames.contains(first)) {
                            retained++;
                        }
                    }
                }
            }
        }
        return new ShrinkGuard.Retention("rows", rows, retained);
    }

    static String firstField(String line) {
        if (!line.startsWith("\"")) {
            int comma = line.indexOf(',');
            return comma < 0 ? line : line.substring(0, comma);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else {
                    break;
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
