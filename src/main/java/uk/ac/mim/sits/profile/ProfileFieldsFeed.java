package uk.ac.mim.sits.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.dataformat.bindy.csv.BindyCsvDataFormat;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.DropFolder;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;
import uk.ac.mim.staging.Texts;

/**
 * {@code sits-profile-fields} (bean {@code profileFields}): the CSV for local_userprofilefields_import
 * (DOMAIN §4.2), marshalled with camel-bindy. Deterministic (rows by username, module lists sorted), so
 * unchanged data gives a byte-identical file the consumer skips. Delivered only when the same cycle's IMS
 * file was delivered (the consumer imports a changed CSV only after a newer IMS import), shrink-guarded
 * against the rows of the last delivered file.
 */
@Component("profileFields")
public class ProfileFieldsFeed {

    public static final String FEED_ID = "sits-profile-fields";
    static final String IMS_FEED = "sits-ims-enrolments";
    private static final Logger LOG = LoggerFactory.getLogger(ProfileFieldsFeed.class);

    record Planned(List<ProfileFieldsRow> rows, ShrinkGuard.Verdict verdict, String withheld, long read, long rejected,
                   List<String> notes) { }

    /** Bulk reads, streamed (see StagingReader). */
    private final StagingReader reader;
    private final SqlResources sql;
    private final MimProperties props;
    private final SitsProperties sits;
    private final ProfileFieldsProperties csv;
    private final Journal journal;
    private final ShrinkGuard guard;
    private final RunReports reports;
    private final CamelContext camel;
    private final BindyCsvDataFormat bindy = new BindyCsvDataFormat(ProfileFieldsRow.class);

    public ProfileFieldsFeed(StagingReader reader, SqlResources sql, MimProperties props, SitsProperties sits,
                             ProfileFieldsProperties csv, Journal journal, ShrinkGuard guard, RunReports reports,
                             CamelContext camel) {
        this.reader = reader;
        this.sql = sql;
        this.props = props;
        this.sits = sits;
        this.csv = csv;
        this.journal = journal;
        this.guard = guard;
        this.reports = reports;
        this.camel = camel;
    }

    public void plan(Exchange ex) throws IOException {
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        boolean dry = ex.getMessage().getHeader(FeedLifecycle.DRY_RUN, false, Boolean.class);
        String cycle = ex.getMessage().getHeader(FeedLifecycle.CYCLE_ID, String.class);
        int width = props.getStudentCodeWidth();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ayr", props.getAcademicYear())
                .addValue("enrolment_statuses", sits.getEligibleEnrolmentStatuses())
                .addValue("course_join_statuses", sits.getEligibleCourseJoinStatuses());
        Map<String, TreeSet<String>> approved = new HashMap<>();
        Map<String, TreeSet<String>> preApproval = new HashMap<>();
        reader.query(sql.query("sits/profile-field-modules.sql"), params, rs -> {
            String code = StudentCodes.normalise(rs.getString("stu_code"), width);
            (rs.getString("reg_status").equals("CON") ? approved : preApproval)
                    .computeIfAbsent(code, k -> new TreeSet<>()).add(rs.getString("mod_code"));
        });
        List<String> notes = new ArrayList<>();
        TreeMap<String, ProfileFieldsRow> byUsername = new TreeMap<>();
        Set<String> codes = new HashSet<>();
        long[] counts = {0, 0};
        reader.query(sql.query("sits/profile-fields.sql"), params, rs -> {
            counts[0]++;
            String code = StudentCodes.normalise(rs.getString("stu_code"), width);
            String username = rs.getString("username");
            String ref = "stu_code=" + code + ", username=" + username;
            if (username == null || username.isBlank()) {
                counts[1]++;
                journal.reject(runId, FEED_ID, ref, "no username: the consumer matches rows by username", ref);
                return;
            }
            username = username.strip().toLowerCase(Locale.ROOT);
            if (!codes.add(code)) {
                counts[1]++;
                journal.reject(runId, FEED_ID, ref, "duplicate student code " + code + "; the first row is kept", ref);
                return;
            }
            if (byUsername.containsKey(username)) {
                counts[1]++;
                journal.reject(runId, FEED_ID, ref, "username " + username + " appears twice; the first row is kept", ref);
                return;
            }
            String who = "student " + code;
            byUsername.put(username, new ProfileFieldsRow(username, Texts.clean(who, "first_name", rs.getString("first_name"), notes),
                    Texts.clean(who, "surname", rs.getString("surname"), notes), Texts.clean(who, "email", rs.getString("email"), notes),
                    code, Texts.clean(who, "upi", rs.getString("upi"), notes), Texts.clean(who, "prg_code", rs.getString("prg_code"), notes),
                    Texts.clean(who, "prg_name", rs.getString("prg_name"), notes), rs.getString("course_year"),
                    String.join(",", approved.getOrDefault(code, new TreeSet<>())),
                    String.join(",", preApproval.getOrDefault(code, new TreeSet<>())), rs.getString("ugpg")));
        });
        List<ProfileFieldsRow> rows = new ArrayList<>(byUsername.values());
        Set<String> baseline = lastDeliveredUsernames();
        long retained = baseline.stream().filter(byUsername::containsKey).count();
        ShrinkGuard.Verdict verdict = guard.check(FEED_ID, List.of(new ShrinkGuard.Retention("rows", baseline.size(), retained)),
                List.of(), dry);
        ex.getMessage().setBody(new Planned(rows, verdict, imsNotDelivered(cycle).orElse(null), counts[0], counts[1], notes));
        ex.getMessage().setHeader(FeedLifecycle.BLOCKED, verdict.blocked());
    }

    public void publish(Exchange ex) throws Exception {
        Planned p = ex.getMessage().getBody(Planned.class);
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        boolean dry = ex.getMessage().getHeader(FeedLifecycle.DRY_RUN, false, Boolean.class);
        String outcome;
        String sha = null;
        Long size = null;
        boolean delivered = false;
        if (p.verdict().blocked()) {
            outcome = "not delivered: " + p.verdict().describe();
        } else if (dry || p.withheld() != null) {
            Path file = Path.of(reports.base(FEED_ID, runId) + ".csv");
            write(p.rows(), file);
            sha = DropFolder.sha256(file);
            size = Files.size(file);
            outcome = dry ? "dry run: file written to " + file + ", not delivered"
                    : "not delivered: " + p.withheld() + "; the file it would have delivered is " + file;
            if (!dry) {
                ex.getMessage().setHeader(FeedLifecycle.SKIPPED, true);
            }
        } else {
            Path temp = DropFolder.temporary(csv.getDropDir(), csv.getFileName());
            try {
                write(p.rows(), temp);
                DropFolder.Delivered d = DropFolder.deliver(temp, csv.getDropDir(), csv.getFileName(),
                        props.getOutputDir().resolve("archive").resolve("profile-fields"), csv.getArchiveKeep());
                sha = d.sha256();
                size = d.size();
                delivered = true;
                outcome = "delivered " + d.file() + " (" + d.size() + " bytes, sha256 " + d.sha256() + ")"
                        + (p.verdict().overrideNote() == null ? "" : "; " + p.verdict().overrideNote());
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        String message = p.rows().size() + " rows from " + p.read() + " students (" + p.rejected() + " rejected); " + outcome;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", FEED_ID);
        report.put("runId", runId);
        report.put("dryRun", dry);
        report.put("guard", p.verdict());
        report.put("outcome", outcome);
        report.put("notes", p.notes());
        StringBuilder text = new StringBuilder(FEED_ID + "\n" + message + "\n");
        p.notes().forEach(n -> text.append("  ").append(n).append('\n'));
        reports.save(FEED_ID, runId, message, report, text.toString());
        LOG.info("{}: {}", FEED_ID, message);
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, new RunCounts(p.read(), delivered ? p.rows().size() : 0,
                p.rejected(), message, sha, size));
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

    private void write(List<ProfileFieldsRow> rows, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((csv.header() + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < rows.size(); i += csv.getChunkSize()) {
                List<ProfileFieldsRow> part = rows.subList(i, Math.min(rows.size(), i + csv.getChunkSize()));
                Exchange ex = new DefaultExchange(camel);
                ex.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
                bindy.marshal(ex, new ArrayList<>(part), out);
            }
        }
    }

    /** Usernames of the file now in the drop folder (the last delivered one): the guard's baseline. */
    private Set<String> lastDeliveredUsernames() throws IOException {
        Path file = csv.getDropDir().resolve(csv.getFileName());
        Set<String> out = new HashSet<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String first = firstField(line);
                if (!first.isEmpty()) {
                    out.add(first);
                }
            }
        }
        return out;
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
