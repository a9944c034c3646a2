package uk.ac.mim.sitefeeds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.staging.DropFolder;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunFiles;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.Stages;
import uk.ac.mim.staging.Texts;

/**
 * The stages of a site's export feeds (routes/staging-csv-export-template.yaml, staging-xml-export-template.yaml)
 * that are not Camel's own components: the file being written, the shrink guard against the file delivered last,
 * the atomic delivery, the report. Knows no feed: the route's headers name the folder and the file.
 */
@Component("stagingExports")
public class StagingExports {

    /** Headers the templates set from their parameters. */
    public static final String DIRECTORY = "mimExportDirectory";
    public static final String FILE_NAME = "mimExportFileName";
    public static final String GUARD = "mimExportGuard";
    public static final String ARCHIVE_KEEP = "mimExportArchiveKeep";
    public static final String CHUNK_SIZE = "mimExportChunkSize";
    public static final String ROOT = "mimExportRoot";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    /** Header of a chunk: the records it holds (one when absent: a CSV row). */
    public static final String RECORDS = "mimExportRecords";
    /** Exchange property: the {@link ExportSpool} of the run. */
    static final String SPOOL = "mimExportSpool";

    private static final Logger LOG = LoggerFactory.getLogger(StagingExports.class);

    private final MimProperties props;
    private final RunReports reports;
    private final ShrinkGuard guard;
    private final Journal journal;

    public StagingExports(MimProperties props, RunReports reports, ShrinkGuard guard, Journal journal) {
        this.props = props;
        this.reports = reports;
        this.guard = guard;
        this.journal = journal;
    }

    /** open: the run's file, a temporary one beside the target (a dry run's beside its report); removed unless delivered. */
    public void open(Exchange ex) throws IOException {
        Path file = Stages.dry(ex) ? Path.of(reports.base(feedId(ex), Stages.runId(ex)) + "." + extension(ex))
                : DropFolder.temporary(directory(ex), fileName(ex));
        ExportSpool spool = new ExportSpool(file);
        ex.setProperty(SPOOL, spool);
        RunFiles.whenDone(ex, file.toString(), spool::close);
        if (!Stages.dry(ex)) {
            RunFiles.deleteWhenDone(ex, file);
        }
    }

    /** Turns one row (a column → value map, in the query's column order) into CSV records: the header first. */
    public List<List<Object>> csvRecords(Exchange ex) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ex.getMessage().getBody(Map.class);
        List<List<Object>> records = new ArrayList<>(2);
        if (ex.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class) == 0) {
            records.add(new ArrayList<>(row.keySet()));
        }
        records.add(new ArrayList<>(row.values()));
        return records;
    }

    /**
     * Groups the rows (a column → value map each, streamed) into chunks of {@code mimExportChunkSize} as XML
     * documents {@code <rows><row><column>value</column>…</row>…</rows>} for the site's stylesheet, one split
     * message each, lazily: memory holds one chunk. Element names are the column names in lower case, other
     * characters than letters, digits, '-' and '_' replaced by '_'; a NULL value leaves its element out.
     */
    public Iterator<Message> xmlChunks(Exchange ex) {
        @SuppressWarnings("unchecked")
        Iterator<Map<String, Object>> rows = ex.getMessage().getBody(Iterator.class);
        int size = Math.max(1, ex.getMessage().getHeader(CHUNK_SIZE, 500, Integer.class));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Message next() {
                StringWriter xml = new StringWriter();
                long n = 0;
                try {
                    XMLStreamWriter w = XML.createXMLStreamWriter(xml);
                    w.writeStartElement("rows");
                    while (n < size && rows.hasNext()) {
                        w.writeStartElement("row");
                        for (Map.Entry<String, Object> c : rows.next().entrySet()) {
                            if (c.getValue() != null) {
                                w.writeStartElement(elementName(c.getKey()));
                                w.writeCharacters(Texts.clean(c.getKey(), c.getValue().toString()).value()); // no character XML forbids
                                w.writeEndElement();
                            }
                        }
                        w.writeEndElement();
                        n++;
                    }
                    w.writeEndElement();
                    w.close();
                } catch (XMLStreamException e) {
                    throw new IllegalStateException("Cannot build an XML chunk: " + e.getMessage(), e);
                }
                Message chunk = new DefaultMessage(ex.getContext());
                chunk.setBody(xml.toString());
                chunk.setHeader(RECORDS, n);
                return chunk;
            }
        };
    }

    static String elementName(String column) {
        String name = column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        return name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_' ? "_" + name : name;
    }

    /** The XML file's start: the declaration and the root element {@code mimExportRoot}. */
    public void xmlStart(Exchange ex) throws IOException {
        write(ex, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + ex.getMessage().getHeader(ROOT, String.class) + ">\n");
    }

    /** The XML file's end: the root element closed. */
    public void xmlEnd(Exchange ex) throws IOException {
        write(ex, "</" + ex.getMessage().getHeader(ROOT, String.class) + ">\n");
    }

    /** Appends what the route's data format or stylesheet made of one row (or chunk) to the file. */
    public void append(Exchange ex) throws IOException {
        spool(ex).write(ex.getMessage().getBody(byte[].class));
        spool(ex).counted(ex.getMessage().getHeader(RECORDS, 1L, Long.class));
    }

    /** Writes text outside the records (an XML document's start or end). */
    public void write(Exchange ex, String text) throws IOException {
        spool(ex).write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** close: the file complete on disk. */
    public void close(Exchange ex) throws IOException {
        spool(ex).close();
    }

    /** guard: the records of this file against the last delivered one's (mim_setting threshold-percent). */
    public void guard(Exchange ex) {
        ExportSpool spool = spool(ex);
        List<ShrinkGuard.Retention> kinds = new ArrayList<>();
        if (ex.getMessage().getHeader(GUARD, true, Boolean.class)) {
            journal.lastOk(feedId(ex)).filter(r -> r.outputChecksum() != null).ifPresent(last -> kinds.add(
                    new ShrinkGuard.Retention("records", last.rowsWritten(), Math.min(last.rowsWritten(), spool.records()))));
        }
        Stages.verdict(ex, guard.check(feedId(ex), kinds, List.of(), Stages.dry(ex)));
    }

    /** deliver: the file renamed into the folder atomically, archived; a dry run's stays beside its report. */
    public void deliver(Exchange ex) throws IOException {
        Path file = spool(ex).file();
        if (Stages.dry(ex)) {
            Stages.keptAside(ex, file, "dry run: file written to " + file + ", not delivered");
            return;
        }
        DropFolder.Delivered d = DropFolder.deliver(file, directory(ex), fileName(ex),
                props.getOutputDir().resolve("archive").resolve(feedId(ex)), ex.getMessage().getHeader(ARCHIVE_KEEP, 14, Integer.class));
        Stages.delivered(ex, d, "");
    }

    /** report: the records written and what happened to the file, for the console and the journal row. */
    public void report(Exchange ex) throws IOException {
        ExportSpool spool = spool(ex);
        ShrinkGuard.Verdict verdict = Stages.verdict(ex);
        String outcome = Stages.outcome(ex, "not delivered: " + verdict.describe());
        String message = spool.records() + " records; " + outcome;
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("feed", feedId(ex));
        report.put("runId", Stages.runId(ex));
        report.put("dryRun", Stages.dry(ex));
        report.put("guard", verdict);
        report.put("records", spool.records());
        report.put("outcome", outcome);
        reports.prepare(ex, feedId(ex), Stages.runId(ex), message, report, feedId(ex) + "\n" + message + "\n");
        LOG.info("{}: {}", feedId(ex), message);
        boolean delivered = outcome.startsWith("delivered");
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, new RunCounts(spool.records(), delivered ? spool.records() : 0, 0,
                message, ex.getProperty(Stages.CHECKSUM, String.class), ex.getProperty(Stages.SIZE, Long.class)));
    }

    private static ExportSpool spool(Exchange ex) {
        return ex.getProperty(SPOOL, ExportSpool.class);
    }

    private static String feedId(Exchange ex) {
        return ex.getMessage().getHeader(FeedLifecycle.FEED_ID, String.class);
    }

    private static Path directory(Exchange ex) {
        return Path.of(ex.getMessage().getHeader(DIRECTORY, String.class));
    }

    private static String fileName(Exchange ex) {
        return ex.getMessage().getHeader(FILE_NAME, String.class);
    }

    private static String extension(Exchange ex) {
        String name = fileName(ex);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "out" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
