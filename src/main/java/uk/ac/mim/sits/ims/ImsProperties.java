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
    /** Records per XSLT chunk: memory per chunk, not per file. */
    private int chunkSize = 500;

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
    public int getChunkSize() { return chunkSize; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
}
