package uk.ac.mim.staging;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;

/**
 * Every publisher run, real or dry, saves its plan — what it did or would do — as a JSON report and a
 * readable text summary under {@code <output-dir>/reports/<feed>/}, and in the journal table
 * {@code mim_run_plan}.
 */
@Component
public class RunReports {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final JdbcTemplate jdbc;
    private final MimProperties props;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunReports.class);
    private final ObjectMapper json;

    public RunReports(JdbcTemplate stagingJdbc, MimProperties props, ObjectMapper json) {
        this.jdbc = stagingJdbc;
        this.props = props;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        // a character outside the BMP (an emoji in a name) written as itself in UTF-8, not as two escaped surrogates
        this.json.getFactory().enable(com.fasterxml.jackson.core.JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    }

    public Path folder(String feedId) throws IOException {
        Path dir = props.getOutputDir().resolve("reports").resolve(feedId);
        Files.createDirectories(dir);
        return dir;
    }

    /** Base name (without extension) of this run's report files. */
    public Path base(String feedId, String runId) throws IOException {
        return folder(feedId).resolve(STAMP.format(Instant.now()) + "-" + runId);
    }

    /**
     * Writes the plan as JSON straight to its file (never as one string: at ×4 the IMS plan is hundreds of
     * MiB of JSON), the text summary beside it, and the plan into {@code mim_run_plan} when it is at most
     * {@code mim.reports.plan-in-database-max-bytes}; a larger plan is recorded there by its guard, size and
     * file, which the console shows instead.
     */
    public Path save(String feedId, String runId, String summary, Object plan, String text) throws IOException {
        Path base = base(feedId, runId);
        Path jsonFile = Path.of(base + ".json");
        // through a Writer: Jackson's byte generator writes a character outside the BMP as two escaped surrogates
        try (Writer w = Files.newBufferedWriter(jsonFile, StandardCharsets.UTF_8)) {
            json.writeValue(w, plan);
        }
        record(feedId, runId, summary, plan, text, jsonFile);
        return jsonFile;
    }

    /** The reports' JSON mapper (indented), which the routes' {@code marshal: json} steps use as {@code reportJson}. */
    public ObjectMapper mapper() {
        return json;
    }

    /** Headers of a report on its way through a route: the body is the report, marshalled by camel-jackson next. */
    public static final String FEED = "mimReportFeed";
    public static final String RUN = "mimReportRun";
    public static final String SUMMARY = "mimReportSummary";
    public static final String TEXT = "mimReportText";

    /**
     * A publisher's report step: the report becomes the body, for the route's {@code marshal: json} (camel-jackson,
     * the application's ObjectMapper) and then {@link #store}. Stream caching spools a large one to disk on the way.
     */
    public void prepare(org.apache.camel.Exchange ex, String feedId, String runId, String summary, Object plan, String text) {
        var m = ex.getMessage();
        m.setBody(plan);
        m.setHeader(FEED, feedId);
        m.setHeader(RUN, runId);
        m.setHeader(SUMMARY, summary);
        m.setHeader(TEXT, text);
    }

    /** The route's last report step: the marshalled JSON (a stream) written to its file, then recorded as {@link #save} does. */
    public void store(org.apache.camel.Exchange ex) throws IOException {
        var m = ex.getMessage();
        String feedId = m.getHeader(FEED, String.class);
        String runId = m.getHeader(RUN, String.class);
        Path jsonFile = Path.of(base(feedId, runId) + ".json");
        try (java.io.InputStream in = m.getBody(java.io.InputStream.class)) {
            Files.copy(in, jsonFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        record(feedId, runId, m.getHeader(SUMMARY, String.class), null, m.getHeader(TEXT, String.class), jsonFile);
        m.setBody(null);
    }

    /** The text beside the JSON, and the plan into mim_run_plan (or, when it is too large, where it is). */
    private void record(String feedId, String runId, String summary, Object plan, String text, Path jsonFile) throws IOException {
        Path base = Path.of(jsonFile.toString().substring(0, jsonFile.toString().length() - ".json".length()));
        Files.writeString(Path.of(base + ".txt"), text, StandardCharsets.UTF_8);
        long bytes = Files.size(jsonFile);
        String stored;
        if (bytes <= props.getReports().getPlanInDatabaseMaxBytes()) {
            stored = Files.readString(jsonFile, StandardCharsets.UTF_8);
        } else {
            Map<String, Object> stub = new LinkedHashMap<>();
            stub.put("tooLarge", true);
            stub.put("bytes", bytes);
            stub.put("file", jsonFile.toAbsolutePath().toString());
            if (plan instanceof Map<?, ?> m && m.containsKey("guard")) {
                stub.put("guard", m.get("guard"));
            } else if (plan == null) { // marshalled in the route: the guard read back from the file's head, streamed
                guardOf(jsonFile).ifPresent(g -> stub.put("guard", g));
            }
            stored = json.writeValueAsString(stub);
        }
        jdbc.update("DELETE FROM mim_run_plan WHERE run_id = ?", runId);
        jdbc.update("INSERT INTO mim_run_plan (run_id, feed_id, summary, plan_json, created_at) VALUES (?, ?, ?, ?, ?)",
                runId, feedId, Journal.bounded(summary, 4000), stored, Timestamp.from(Instant.now()));
    }

    /** The report's top-level "guard", read with a streaming parser (the file may be hundreds of MiB). */
    private java.util.Optional<Object> guardOf(Path jsonFile) {
        try (com.fasterxml.jackson.core.JsonParser p = json.getFactory().createParser(jsonFile.toFile())) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return java.util.Optional.empty();
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("guard".equals(name)) {
                    return java.util.Optional.ofNullable(json.readValue(p, Object.class));
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            LOG.warn("{}: could not read the guard back from {}: {}", jsonFile.getFileName(), jsonFile, e.getMessage());
        }
        return java.util.Optional.empty();
    }

    /** A titled list in a text report, left out when empty. */
    public static void section(StringBuilder b, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            b.append('\n').append(title).append(" (").append(lines.size()).append("):\n");
            lines.forEach(l -> b.append("  ").append(l).append('\n'));
        }
    }

    /** A titled list of which only the first lines were kept, with the full count. */
    public static void section(StringBuilder b, String title, Lines lines) {
        if (!lines.isEmpty()) {
            b.append('\n').append(title).append(" (").append(lines.getTotal())
                    .append(lines.getTotal() > lines.getShown().size() ? ", first " + lines.getShown().size() + " listed" : "")
                    .append("):\n");
            lines.getShown().forEach(l -> b.append("  ").append(l).append('\n'));
        }
    }

    public String planJson(String runId) {
        return jdbc.queryForList("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, runId)
                .stream().findFirst().orElse(null);
    }
}
