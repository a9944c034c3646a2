package uk.ac.mim.sits.tutors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.CopyListener;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.HeldStudents;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.Lines;
import uk.ac.mim.staging.LongBag;
import uk.ac.mim.staging.RowFingerprint;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunFiles;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.Stages;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;
import uk.ac.mim.staging.Texts;

/**
 * {@code sits-personal-tutors} (bean {@code personalTutors}): refreshes the table behind
 * {@code sits_v_personaltutorrole}, which Moodle's enrol_dbuserrel reads and which REMOVES every
 * relationship it does not find. So: one transaction (a reader sees the old rows or the new rows), the
 * shrink guard against the current rows, and an empty source never replaces a non-empty table.
 */
@Component("personalTutors")
public class PersonalTutorsFeed {

    public static final String FEED_ID = "sits-personal-tutors";
    private static final Logger LOG = LoggerFactory.getLogger(PersonalTutorsFeed.class);
    private static final String COLUMNS = "student_code, student_upi, student_username, student_firstname, student_surname,"
            + " student_programme, student_id, sits_tutor_upi, tutor_upi, tutor_firstname, tutor_surname, tutor_id, role, source";

    /** The rows are in {@code spool}; the report shows the first {@code REPORT_LINES} of them. */
    record Planned(TutorSpool spool, List<TutorRow> shown, ShrinkGuard.Retention retained, List<String> absolute,
                   long sourceRows, long currentRows, List<String> notes, Lines tutorWithoutAccount, Lines studentWithoutAccount,
                   boolean unchanged) {
        long rows() {
            return spool.rows();
        }
    }

    /** Characters the view's name columns hold (docs/profile-fields-and-tutors.md). */
    static final int VIEW_NAME_LENGTH = 100;

    /** Lines kept per long report list (all are counted). */
    static final int REPORT_LINES = 1000;

    private final JdbcTemplate jdbc;
    /** Bulk reads, streamed (see StagingReader). */
    private final StagingReader reader;
    private final TransactionTemplate tx;
    private final SqlResources sql;
    private final MimProperties props;
    private final SitsProperties sits;
    private final Journal journal;
    private final ShrinkGuard guard;
    private final RunReports reports;
    private final HeldStudents heldStudents;
    private volatile CopyListener listener = CopyListener.NONE;

    public PersonalTutorsFeed(JdbcTemplate stagingJdbc, StagingReader reader, TransactionTemplate tx, SqlResources sql, MimProperties props,
                              SitsProperties sits, Journal journal, ShrinkGuard guard, RunReports reports,
                              HeldStudents heldStudents) {
        this.heldStudents = heldStudents;
        this.jdbc = stagingJdbc;
        this.reader = reader;
        this.tx = tx;
        this.sql = sql;
        this.props = props;
        this.sits = sits;
        this.journal = journal;
        this.guard = guard;
        this.reports = reports;
    }

    /** Tests hold the refresh between its delete and its insert to look at what a reader sees. */
    public void setListener(CopyListener listener) {
        this.listener = listener == null ? CopyListener.NONE : listener;
    }

    public void plan(Exchange ex) throws IOException {
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        int width = props.getStudentCodeWidth();
        List<String> notes = new ArrayList<>();
        // the two lists that run to every student on a first night: counted in full, the first lines kept
        Lines tutorWithoutAccount = new Lines(REPORT_LINES);
        Lines studentWithoutAccount = new Lines(REPORT_LINES);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ayr", props.getAcademicYear())
                .addValue("enrolment_statuses", sits.getEligibleEnrolmentStatuses())
                .addValue("course_join_statuses", sits.getEligibleCourseJoinStatuses());
        String query = sql.query("sits/personal-tutors.sql");
        // Moodle's accounts, in memory (a join on LOWER(...) would scan), but only those the rows can name:
        // students by idnumber and username, tutors by the UPIs SITS names (in lower case, with their names). Not
        // every UPI in Moodle: a university that fills the UPI field for most of its accounts has hundreds of
        // thousands of them, and the tutors are a few thousand.
        TutorStudents students = new TutorStudents();
        Set<String> tutorUpis = new HashSet<>();
        reader.query(query, params, rs -> {
            students.see(StudentCodes.normalise(rs.getString("student_code"), width), rs.getString("student_username"));
            String tutor = rs.getString("sits_tutor_upi");
            if (tutor != null && !tutor.isBlank()) {
                tutorUpis.add(tutor.strip().toLowerCase(Locale.ROOT));
            }
        });
        Map<String, List<Object[]>> tutorsByUpi = new HashMap<>();
        Set<Long> tutorIds = new HashSet<>();
        reader.query(sql.query("moodle/state/upis.sql"), new MapSqlParameterSource("upi_field", sits.getUpiField()), rs -> {
            String upi = rs.getString("upi");
            String key = upi == null ? null : upi.strip().toLowerCase(Locale.ROOT);
            if (key != null && tutorUpis.contains(key)) {
                tutorsByUpi.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {rs.getLong("userid"), upi});
                tutorIds.add(rs.getLong("userid"));
            }
        });
        tutorUpis.clear();
        tutorsByUpi.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(o -> (Long) o[0])));
        Map<Long, String[]> names = new HashMap<>();
        reader.query(sql.query("moodle/state/users.sql"), rs -> {
            long id = rs.getLong("id");
            students.account(StudentCodes.normalise(rs.getString("idnumber"), width), rs.getString("username"), id);
            if (tutorIds.contains(id)) {
                names.put(id, new String[] {rs.getString("firstname"), rs.getString("lastname")});
            }
        });

        long[] source = {0};
        java.util.BitSet written = new java.util.BitSet(); // by the student's place in TutorStudents: no string set
        LongBag next = new LongBag(); // the relationships' keys, hashed: the guard compares them with the view's
        List<TutorRow> shown = new ArrayList<>();
        TutorSpool spool = new TutorSpool(props.getOutputDir());
        RunFiles.whenDone(ex, "the personal-tutor spool", spool::close); // however the run ends
        boolean planned = false;
        try {
            reader.query(query, params, rs -> {
                source[0]++;
                String code = StudentCodes.normalise(rs.getString("student_code"), width);
                String sitsTutor = rs.getString("sits_tutor_upi");
                String username = rs.getString("student_username") == null ? null
                        : rs.getString("student_username").strip().toLowerCase(Locale.ROOT);
                String ref = "stu_code=" + code + ", tutor_upi=" + sitsTutor;
                if (code == null) {
                    journal.reject(runId, FEED_ID, ref, "no student code", ref);
                    return;
                }
                if (sitsTutor == null || sitsTutor.isBlank()) { // the shipped query filters these; a site's own may not
                    journal.reject(runId, FEED_ID, ref, "sits/personal-tutors.sql returned a row without a tutor UPI", ref);
                    return;
                }
                int place = students.place(code); // -1 only if staging changed between the two reads
                if (place >= 0 && written.get(place)) {
                    journal.reject(runId, FEED_ID, ref, "duplicate student code " + code + "; the first row is kept", ref);
                    return;
                }
                if (place >= 0) {
                    written.set(place);
                }
                List<Object[]> tutors = tutorsByUpi.getOrDefault(sitsTutor.strip().toLowerCase(Locale.ROOT), List.of());
                if (tutors.isEmpty()) {
                    tutorWithoutAccount.add(code + ": tutor " + sitsTutor + " has no Moodle account with that UPI; no relationship");
                    return;
                }
                long studentId = students.accountOf(code, username);
                if (studentId < 0) {
                    studentWithoutAccount.add(code + ": the student has no Moodle account yet; no relationship");
                    return;
                }
                if (tutors.size() > 1) {
                    notes.add(code + ": tutor UPI " + sitsTutor + " matches " + tutors.size() + " Moodle accounts; kept user " + tutors.get(0)[0]);
                }
                long tutorId = (Long) tutors.get(0)[0];
                String[] tutorName = names.getOrDefault(tutorId, new String[2]);
                TutorRow row = new TutorRow(code, rs.getString("student_upi"), username,
                        name(code, "student_firstname", rs.getString("student_firstname"), notes),
                        name(code, "student_surname", rs.getString("student_surname"), notes), rs.getString("student_programme"),
                        studentId, sitsTutor, (String) tutors.get(0)[1], name(code, "tutor_firstname", tutorName[0], notes),
                        name(code, "tutor_surname", tutorName[1], notes), tutorId, sits.getTutorRole(), "sits");
                try {
                    spool.write(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                next.add(hash(row.key()));
                if (shown.size() < REPORT_LINES) {
                    shown.add(row);
                }
            });
            keepHeld(code -> students.place(code) >= 0 && written.get(students.place(code)), spool, next, notes);
            spool.finish();
            planned = true;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (!planned) {
                spool.close();
            }
        }
        long[] current = {0, 0}; // rows in the view, and of those still in the new set
        RowFingerprint viewContent = new RowFingerprint(); // the view's rows whole: unchanged ones are not rewritten
        reader.query("SELECT CONCAT(CONCAT(student_code, '->'), LOWER(COALESCE(tutor_upi, ''))) AS relationship, " + COLUMNS
                + " FROM mim_personal_tutor", rs -> {
            current[0]++;
            if (next.contains(hash(rs.getString("relationship")))) {
                current[1]++;
            }
            viewContent.add(RowFingerprint.hash(viewRow(rs).values()));
        });
        List<String> absolute = new ArrayList<>();
        if (spool.rows() == 0 && current[0] > 0) {
            absolute.add("the source gives no relationships but the view has " + current[0]
                    + ": an empty source never replaces a non-empty table");
        }
        ex.getMessage().setHeader(FeedLifecycle.PLAN_SUMMARY, spool.rows() + " relationships for the view (it has " + current[0]
                + ") from " + source[0] + " source rows");
        ex.getMessage().setBody(new Planned(spool, shown, new ShrinkGuard.Retention("relationships", current[0], current[1]),
                absolute, source[0], current[0], notes, tutorWithoutAccount, studentWithoutAccount,
                viewContent.toString().equals(spool.content())));
    }

    /** guard: the share of the view's relationships the new set keeps; an empty source never replaces a full view. */
    public void guard(Exchange ex) {
        Planned p = ex.getMessage().getBody(Planned.class);
        ShrinkGuard.Verdict verdict = guard.check(FEED_ID, List.of(p.retained()), List.of(), Stages.dry(ex));
        if (!p.absolute().isEmpty()) { // not overridable: the consumer would wipe every tutor link
            List<String> problems = new ArrayList<>(verdict.problems());
            problems.addAll(p.absolute());
            verdict = new ShrinkGuard.Verdict(true, problems, verdict.overrideNote(), verdict.thresholdPercent());
            LOG.error("{} {}", FEED_ID, verdict.describe());
        }
        Stages.verdict(ex, verdict);
    }

    /** The view's name columns hold 100 characters; staging keeps the whole name, the cut is reported. */
    private static String name(String code, String field, String value, List<String> notes) {
        return Texts.fit(code, field, Texts.clean(code, field, value, notes), VIEW_NAME_LENGTH, notes);
    }

    /**
     * A student a copy rejected this cycle is missing from the source, not gone: their current relationships
     * stay in the view (enrol_dbuserrel would remove every link it no longer finds) and are reported.
     */
    private void keepHeld(java.util.function.Predicate<String> written, TutorSpool spool, LongBag next, List<String> notes) {
        Map<String, String> held = heldStudents.current();
        if (held.isEmpty()) {
            return;
        }
        reader.query("SELECT " + COLUMNS + " FROM mim_personal_tutor ORDER BY student_code", rs -> {
            String code = rs.getString("student_code");
            if (!held.containsKey(code) || written.test(code)) {
                return;
            }
            TutorRow row = viewRow(rs);
            try {
                spool.write(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            next.add(hash(row.key()));
            notes.add(HeldStudents.line(code, held.get(code), "tutor link to " + row.tutorUpi() + " kept"));
        });
    }

    /** A row of the view as it stands. */
    private static TutorRow viewRow(java.sql.ResultSet rs) throws SQLException {
        return new TutorRow(rs.getString("student_code"), rs.getString("student_upi"), rs.getString("student_username"),
                rs.getString("student_firstname"), rs.getString("student_surname"), rs.getString("student_programme"),
                rs.getObject("student_id", Long.class), rs.getString("sits_tutor_upi"), rs.getString("tutor_upi"),
                rs.getString("tutor_firstname"), rs.getString("tutor_surname"), rs.getObject("tutor_id", Long.class),
                rs.getString("role"), rs.getString("source"));
    }

    /**
     * A 64-bit FNV-1a hash of a relationship's key. The guard counts the view's relationships found again by
     * their hashes (8 bytes each instead of a string); two of 200,000 keys share one with odds near 10^-9.
     */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** deliver: the view's rows replaced in one transaction (a dry run leaves them). */
    public void deliver(Exchange ex) throws Exception {
        Planned p = ex.getMessage().getBody(Planned.class);
        if (Stages.dry(ex)) {
            ex.setProperty(Stages.OUTCOME, "dry run: view left unchanged");
            return;
        }
        ShrinkGuard.Verdict verdict = Stages.verdict(ex);
        String override = verdict.overrideNote() == null ? "" : "; " + verdict.overrideNote();
        if (p.unchanged()) { // a quiet night: no write, and no dead rows for the consumer's database to clean up
            ex.setProperty(Stages.OUTCOME, "view unchanged: its " + p.currentRows() + " rows are the planned ones; not rewritten" + override);
            return;
        }
        try (TutorSpool spool = p.spool()) {
            refresh(spool);
        }
        ex.setProperty(Stages.OUTCOME, "view refreshed" + override);
    }

    /** report: the relationships, who waits for an account, and what was done. */
    public void report(Exchange ex) throws Exception {
        Planned p = ex.getMessage().getBody(Planned.class);
        String runId = Stages.runId(ex);
        boolean dry = Stages.dry(ex);
        ShrinkGuard.Verdict verdict = Stages.verdict(ex);
        String outcome = Stages.outcome(ex, "view left unchanged: " + verdict.describe());
        String message = String.format("%d relationships from %d source rows (view had %d); %s", p.rows(),
                p.sourceRows(), p.currentRows(), outcome);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", FEED_ID);
        report.put("runId", runId);
        report.put("dryRun", dry);
        report.put("guard", verdict);
        report.put("outcome", outcome);
        report.put("notes", p.notes());
        report.put("tutorWithoutAccount", p.tutorWithoutAccount());
        report.put("studentWithoutAccount", p.studentWithoutAccount());
        report.put("rowsTotal", p.rows());
        report.put("rows", p.shown()); // the first REPORT_LINES: the view itself has them all
        StringBuilder text = new StringBuilder(FEED_ID + "\n" + message + "\n");
        p.notes().forEach(n -> text.append("  ").append(n).append('\n'));
        RunReports.section(text, "Tutors without a Moodle account", p.tutorWithoutAccount());
        RunReports.section(text, "Students without a Moodle account yet", p.studentWithoutAccount());
        reports.prepare(ex, FEED_ID, runId, message, report, text.toString());
        LOG.info("{}: {}", FEED_ID, message);
        // rejected: rows that are wrong (journaled with their reason); waiting: relationships whose accounts Moodle lacks yet
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, RunCounts.of(p.sourceRows(),
                verdict.blocked() || dry || p.unchanged() ? 0 : p.rows(),
                journal.rejectedCount(runId), message)
                .withWaiting(p.tutorWithoutAccount().getTotal() + p.studentWithoutAccount().getTotal()));
    }

    /** Replaces the rows in one transaction: readers (the consumer) see the old set or the new set. */
    void refresh(TutorSpool spool) {
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM mim_personal_tutor");
            listener.at(FEED_ID, CopyListener.Step.LIVE_DELETED);
            String insert = "INSERT INTO mim_personal_tutor (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            List<TutorRow> batch = new ArrayList<>(1000);
            try {
                spool.forEach(r -> {
                    batch.add(r);
                    if (batch.size() == 1000) {
                        jdbc.batchUpdate(insert, batch, batch.size(), PersonalTutorsFeed::bind);
                        batch.clear();
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jdbc.batchUpdate(insert, batch, 1000, PersonalTutorsFeed::bind);
        });
        listener.at(FEED_ID, CopyListener.Step.SWAPPED);
    }

    private static void bind(PreparedStatement ps, TutorRow r) throws SQLException {
        ps.setString(1, r.studentCode());
        ps.setString(2, r.studentUpi());
        ps.setString(3, r.studentUsername());
        ps.setString(4, r.studentFirstname());
        ps.setString(5, r.studentSurname());
        ps.setString(6, r.studentProgramme());
        ps.setObject(7, r.studentId(), Types.BIGINT);
        ps.setString(8, r.sitsTutorUpi());
        ps.setString(9, r.tutorUpi());
        ps.setString(10, r.tutorFirstname());
        ps.setString(11, r.tutorSurname());
        ps.setObject(12, r.tutorId(), Types.BIGINT);
        ps.setString(13, r.role());
        ps.setString(14, r.source());
    }
}
