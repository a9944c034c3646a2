package uk.ac.mim.staging;

import org.apache.camel.Exchange;

/**
 * The work step of the {@code view-copy} route template (bean {@code viewCopy}). Headers in:
 * {@code mimSource}, {@code mimQuery}, {@code mimTarget}, optional {@code mimRefresh}.
 */
public class CopyFeed {

    private final ViewCopier copier;

    public CopyFeed(ViewCopier copier) {
        this.copier = copier;
    }

    public void copy(Exchange ex) throws Exception {
        var m = ex.getMessage();
        CopySpec spec = new CopySpec(m.getHeader(FeedLifecycle.FEED_ID, String.class),
                m.getHeader("mimSource", String.class), m.getHeader("mimQuery", String.class),
                m.getHeader("mimTarget", String.class), m.getHeader("mimRefresh", String.class));
        m.setHeader(FeedLifecycle.COUNTS, copier.copy(spec, m.getHeader(FeedLifecycle.RUN_ID, String.class)));
    }
}
