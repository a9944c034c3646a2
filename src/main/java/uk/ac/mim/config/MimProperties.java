package uk.ac.mim.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Every {@code mim.*} setting, typed. The README's configuration reference lists them all. */
@ConfigurationProperties("mim")
public class MimProperties {

    /** Named connections: sits, cmis, moodle (read-only) and staging (read/write). */
    private Map<String, DataSourceSettings> datasource = new LinkedHashMap<>();
    /** Global dry run: compute and report, deliver nothing Moodle can see. */
    private boolean dryRun = false;
    /** Where reports, archives and (by default) the drop folder live. */
    private Path outputDir = Path.of("out");
    /** Student codes are left-padded with zeros to this width after stripping leading zeros. */
    private int studentCodeWidth = 8;
    /** Columns, in any copied view, that hold a student code and are normalised on copy. */
    private List<String> studentCodeColumns = new ArrayList<>(List.of("stu_code"));
    /** Academic year of the data the feeds publish, e.g. 2025. */
    private String academicYear = "2025";
    /** Feed ids to run once and exit ("all" for every feed); empty for the long-running service. */
    private String runOnce = "";
    /** This node's name in the journal (scheduled runs are triggered by {@code schedule@<node>}). */
    private String nodeName = "mim";
    /** How long a run's cluster-wide lock lasts without renewal (renewed every quarter of it while the run lives). */
    private Duration runLockLease = Duration.ofMinutes(2);
    /** How long a feed's or chain's health is reused: the open health endpoint costs no more than this many queries. */
    private Duration healthCacheTtl = Duration.ofSeconds(10);
    /** Folder of a site's own route files (YAML), loaded at start with the shipped ones. */
    private Path routesDir = Path.of("routes.d");
    /** Run the whole night once when the service starts (the embedded default does). */
    private boolean runAtStartup = false;
    private Copy copy = new Copy();
    private Reports reports = new Reports();
    private Moodle moodle = new Moodle();
    private Demo demo = new Demo();
    /** Per-chain settings (sits, cmis): cron and the publishers that follow the copies. */
    private Map<String, Chain> chains = new LinkedHashMap<>();
    /** Per-feed settings by feed id (route id). */
    private Map<String, Feed> feeds = new LinkedHashMap<>();

    public static class DataSourceSettings {
        private String url;
        private String username;
        private String password;
        /** Rows per round trip when reading; Oracle's default of 10 is far too small. */
        private int fetchSize = 5000;
        private int maximumPoolSize = 4;
        /** How long to wait for a connection (also how long start-up waits for a database that is down). */
        private Duration connectionTimeout = Duration.ofSeconds(30);

        public Duration getConnectionTimeout() { return connectionTimeout; }
        public void setConnectionTimeout(Duration connectionTimeout) { this.connectionTimeout = connectionTimeout; }

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public int getFetchSize() { return fetchSize; }
        public void setFetchSize(int fetchSize) { this.fetchSize = fetchSize; }
        public int getMaximumPoolSize() { return maximumPoolSize; }
        public void setMaximumPoolSize(int maximumPoolSize) { this.maximumPoolSize = maximumPoolSize; }
    }

    public static class Reports {
        /** A plan larger than this is kept in its report file only; mim_run_plan records its guard and file. */
        private long planInDatabaseMaxBytes = 16L * 1024 * 1024;

        public long getPlanInDatabaseMaxBytes() { return planInDatabaseMaxBytes; }
        public void setPlanInDatabaseMaxBytes(long planInDatabaseMaxBytes) { this.planInDatabaseMaxBytes = planInDatabaseMaxBytes; }
    }

    public static class Copy {
        /** Rows per JDBC batch into the target table. */
        private int batchSize = 1000;
        /** A source query running longer than this fails the copy. */
        private Duration queryTimeout = Duration.ofMinutes(30);
        /** More attempts after a transient failure (routes/error-handling.yaml reads it as {{mim.copy.retries}}). */
        private int retries = 2;
        /** Milliseconds before the first retry, doubled for each next one. */
        private long retryDelay = 5000;
        /**
         * Write through the staging database's bulk path where it has one (PostgreSQL COPY FROM STDIN, MariaDB LOAD
         * DATA LOCAL INFILE); false, or H2, writes batched inserts.
         */
        private boolean bulk = true;
        /**
         * Checked rows a bulk chunk holds at most (and at most 2 MiB of text): the rows are held until the chunk is in,
         * so that a chunk the database refuses can be written again as batches.
         */
        private int bulkChunkRows = 5_000;
        /**
         * Rows per block a second thread reads ahead of the copy (two blocks queued), so that the source's fetches
         * overlap the checks and writes; 0 reads on the copy's own thread.
         */
        private int readAheadRows = 1_000;
        /**
         * A copy whose last OK run finished within this reads its source first and writes nothing when it holds
         * what staging holds (a rerun the same night); 0 never compares.
         */
        private Duration compareFirstWithin = Duration.ofHours(12);
        /**
         * Rows whose hashes a copy holds to count duplicates (16 MiB at 1.5 million); a larger copy has the database
         * count them instead, so a copy's memory does not grow with its table.
         */
        private int duplicatesInMemory = 1_500_000;
        /**
         * PostgreSQL's statistics target for the ANALYZE after a copy (a sample of 300 × this many rows); 0 keeps the
         * server's default_statistics_target (100).
         */
        private int statisticsTarget = 25;

        public int getStatisticsTarget() { return statisticsTarget; }
        public void setStatisticsTarget(int statisticsTarget) { this.statisticsTarget = statisticsTarget; }

        public int getReadAheadRows() { return readAheadRows; }
        public void setReadAheadRows(int readAheadRows) { this.readAheadRows = readAheadRows; }
        public Duration getCompareFirstWithin() { return compareFirstWithin; }
        public void setCompareFirstWithin(Duration compareFirstWithin) { this.compareFirstWithin = compareFirstWithin; }

        public int getDuplicatesInMemory() { return duplicatesInMemory; }
        public void setDuplicatesInMemory(int duplicatesInMemory) { this.duplicatesInMemory = duplicatesInMemory; }
        public boolean isBulk() { return bulk; }
        public void setBulk(boolean bulk) { this.bulk = bulk; }
        public int getBulkChunkRows() { return bulkChunkRows; }
        public void setBulkChunkRows(int bulkChunkRows) { this.bulkChunkRows = bulkChunkRows; }
        public int getRetries() { return retries; }
        public void setRetries(int retries) { this.retries = retries; }
        public long getRetryDelay() { return retryDelay; }
        public void setRetryDelay(long retryDelay) { this.retryDelay = retryDelay; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getQueryTimeout() { return queryTimeout; }
        public void setQueryTimeout(Duration queryTimeout) { this.queryTimeout = queryTimeout; }
    }

    public static class Moodle {
        /** Table prefix of the Moodle replica. */
        private String tablePrefix = "mdl_";

        public String getTablePrefix() { return tablePrefix; }
        public void setTablePrefix(String tablePrefix) { this.tablePrefix = tablePrefix; }
    }

    public static class Demo {
        /** Seed the embedded H2 sources with a fake university (only ever applied to H2 URLs). */
        private boolean seed = true;
        private int students = 320;
        private long randomSeed = 20251;
        /** Feeds the embedded demo runs dry (no Moodle to call); ignored outside the demo. */
        private List<String> dryFeeds = new ArrayList<>(List.of("cmis-moodle-groups"));

        public boolean isSeed() { return seed; }
        public void setSeed(boolean seed) { this.seed = seed; }
        public int getStudents() { return students; }
        public void setStudents(int students) { this.students = students; }
        public long getRandomSeed() { return randomSeed; }
        public void setRandomSeed(long randomSeed) { this.randomSeed = randomSeed; }
        public List<String> getDryFeeds() { return dryFeeds; }
        public void setDryFeeds(List<String> dryFeeds) { this.dryFeeds = dryFeeds; }
    }

    public static class Chain {
        /** Quartz cron, seconds first. */
        private String cron;
        /** Publisher feed ids run after this chain's copies and the Moodle snapshot. */
        private List<String> publishers = new ArrayList<>();

        public String getCron() { return cron; }
        public void setCron(String cron) { this.cron = cron; }
        public List<String> getPublishers() { return publishers; }
        public void setPublishers(List<String> publishers) { this.publishers = publishers; }
    }

    public static class Feed {
        private boolean enabled = true;
        private Boolean dryRun;
        /** Run alone, a publisher refuses inputs whose last copy is older than this. */
        private Duration maxInputAge = Duration.ofHours(25);

        public Duration getMaxInputAge() { return maxInputAge; }
        public void setMaxInputAge(Duration maxInputAge) { this.maxInputAge = maxInputAge; }

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Boolean getDryRun() { return dryRun; }
        public void setDryRun(Boolean dryRun) { this.dryRun = dryRun; }
    }

    public Feed feed(String feedId) {
        return feeds.getOrDefault(feedId, new Feed());
    }

    /**
     * Dry when all feeds are, when the feed says so, or, in the embedded demo only (mim.demo.seed) and unless the
     * feed says otherwise, when the demo lists it (there is no Moodle to call). Outside the demo no feed is dry
     * unless the site sets it: going live is the site's explicit choice, shown in the start-up table.
     */
    public boolean isDryRun(String feedId) {
        Boolean own = feed(feedId).getDryRun();
        if (own == null && demo.isSeed() && demo.getDryFeeds().contains(feedId)) {
            return true;
        }
        return dryRun || Boolean.TRUE.equals(own);
    }

    public Map<String, DataSourceSettings> getDatasource() { return datasource; }
    public void setDatasource(Map<String, DataSourceSettings> datasource) { this.datasource = datasource; }
    public boolean isDryRun() { return dryRun; }
    public void setDryRun(boolean dryRun) { this.dryRun = dryRun; }
    public Path getOutputDir() { return outputDir; }
    public void setOutputDir(Path outputDir) { this.outputDir = outputDir; }
    public int getStudentCodeWidth() { return studentCodeWidth; }
    public void setStudentCodeWidth(int studentCodeWidth) { this.studentCodeWidth = studentCodeWidth; }
    public List<String> getStudentCodeColumns() { return studentCodeColumns; }
    public void setStudentCodeColumns(List<String> studentCodeColumns) { this.studentCodeColumns = studentCodeColumns; }
    public String getAcademicYear() { return academicYear; }
    public void setAcademicYear(String academicYear) { this.academicYear = academicYear; }
    public String getRunOnce() { return runOnce; }
    public void setRunOnce(String runOnce) { this.runOnce = runOnce; }
    public Duration getHealthCacheTtl() { return healthCacheTtl; }
    public void setHealthCacheTtl(Duration healthCacheTtl) { this.healthCacheTtl = healthCacheTtl; }
    public Duration getRunLockLease() { return runLockLease; }
    public void setRunLockLease(Duration runLockLease) { this.runLockLease = runLockLease; }
    public String getNodeName() { return nodeName; }
    public void setNodeName(String nodeName) { this.nodeName = nodeName; }
    public Path getRoutesDir() { return routesDir; }
    public void setRoutesDir(Path routesDir) { this.routesDir = routesDir; }
    public boolean isRunAtStartup() { return runAtStartup; }
    public void setRunAtStartup(boolean runAtStartup) { this.runAtStartup = runAtStartup; }
    public Copy getCopy() { return copy; }
    public void setCopy(Copy copy) { this.copy = copy; }
    public Reports getReports() { return reports; }
    public void setReports(Reports reports) { this.reports = reports; }
    public Moodle getMoodle() { return moodle; }
    public void setMoodle(Moodle moodle) { this.moodle = moodle; }
    public Demo getDemo() { return demo; }
    public void setDemo(Demo demo) { this.demo = demo; }
    public Map<String, Chain> getChains() { return chains; }
    public void setChains(Map<String, Chain> chains) { this.chains = chains; }
    public Map<String, Feed> getFeeds() { return feeds; }
    public void setFeeds(Map<String, Feed> feeds) { this.feeds = feeds; }
}
