package uk.ac.mim.sits.ims;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the IMS Enterprise enrolments feed ({@code mim.ims.*}). */
@ConfigurationProperties("mim.ims")
public class ImsProperties {

    /** Folder Moodle's enrol_imsenterprise reads (its "File location" setting points at the file in it). */
    private Path dropDir = Path.of("out/moodle-drop");
    private String fileName = "UCL_SIS_export.xml";
    /** Delivered files kept, with timestamps, under {@code <output-dir>/archive/ims}. */
    private int archiveKeep = 10;
    /** {@code <properties><target>}, written only when set. */
    private String target = "";
    /** {@code <sourcedid><source>} of every record. */
    private String source = "SITS";
    /**
     * The stylesheet that turns the records into IMS XML (a Spring resource location). A site that needs
     * another mapping points this at its own copy ({@code file:/etc/mim/ims.xsl}); the rules in the shipped
     * one's header still hold.
     */
    private String stylesheet = "classpath:xslt/ims-enterprise.xsl";
    /** Records per XSLT chunk: memory per chunk, not per file. */
    private int chunkSize = 500;
    /** Threads running the stylesheet over chunks while the next ones are built; 1 runs it inline. */
    private int writerThreads = Math.min(2, Runtime.getRuntime().availableProcessors());
    /**
     * true: each chunk goes through the ims-xslt route's xslt-saxon endpoint (its count and time in Hawtio);
     * false: Saxon is called directly, the same bytes 1.1 to 1.4 times faster (docs/performance.md), which keeps
     * the file within twice its StAX floor.
     */
    private boolean xsltRoute = false;

    /**
     * Written as {@code <userid authenticationtype="…">}: the login an account created by the IMS import gets
     * (e.g. ldap, saml2); empty = Moodle's first enabled authentication method.
     */
    private String authenticationType = "";
    /** false: a student with no Moodle account yet gets no {@code <person>} (so the import creates none); reported. */
    private boolean sendPersonsWithoutAccount = true;

    public String getAuthenticationType() { return authenticationType; }
    public void setAuthenticationType(String authenticationType) { this.authenticationType = authenticationType; }
    public boolean isSendPersonsWithoutAccount() { return sendPersonsWithoutAccount; }
    public void setSendPersonsWithoutAccount(boolean v) { this.sendPersonsWithoutAccount = v; }
    public Path getDropDir() { return dropDir; }
    public void setDropDir(Path dropDir) { this.dropDir = dropDir; }
    public String getFileName() { return fileName; }
    public void setFileName(String fileName) { this.fileName = fileName; }
    public int getArchiveKeep() { return archiveKeep; }
    public void setArchiveKeep(int archiveKeep) { this.archiveKeep = archiveKeep; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getStylesheet() { return stylesheet; }
    public void setStylesheet(String stylesheet) { this.stylesheet = stylesheet; }
    public int getChunkSize() { return chunkSize; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
    public boolean isXsltRoute() { return xsltRoute; }
    public void setXsltRoute(boolean xsltRoute) { this.xsltRoute = xsltRoute; }
    public int getWriterThreads() { return writerThreads; }
    public void setWriterThreads(int writerThreads) { this.writerThreads = writerThreads; }
}
