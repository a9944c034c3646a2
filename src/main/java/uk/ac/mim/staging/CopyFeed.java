package uk.ac.mim.staging;

import java.io.Closeable;
import java.util.Iterator;

import org.apache.camel.Exchange;

/**
 * The steps of the {@code view-copy-rows} route (bean {@code viewCopy}): the copy's query as the body of the
 * camel-sql read step, then its streamed rows written into staging. Headers in: {@code mimSource},
 * {@code mimQuery}, {@code mimTarget}, optional {@code mimRefresh}.
 */
public class CopyFeed {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CopyFeed.class);

    static final String COMPARE_FIRST = "mimCompareFirst";
    static final String UNCHANGED = "mimUnchanged";
    private static final String COMPARISON = "mimCopyComparison";

    private final ViewCopier copier;

    public CopyFeed(ViewCopier copier) {
        this.copier = copier;
    }

    /** The body becomes the copy's SQL (an editable .sql resource), for camel-sql's useMessageBodyForSql. */
    public void query(Exchange ex) {
        ex.getMessage().setBody(copier.query(spec(ex)));
        ex.setProperty(FeedLifecycle.STAGE, "view-copy-read"); // the next step: a failure there is the read's
    }

    /** Sets {@code mimCompareFirst}: whether the copy reads its source first to compare it with staging (a rerun). */
    public void compareFirst(Exchange ex) {
        boolean first = copier.compareFirst(spec(ex));
        ex.getMessage().setHeader(COMPARE_FIRST, first);
        ex.getMessage().removeHeader(UNCHANGED); // a redelivery compares again
        if (first) {
            ex.setProperty(FeedLifecycle.STAGE, "view-copy-compare-read");
        }
    }

    /**
     * The body is the comparison's read (a StreamList): sets {@code mimUnchanged}; when the rows differ, the body
     * becomes the query again for the copy's own read.
     */
    public void compare(Exchange ex) throws Exception {
        var m = ex.getMessage();
        Object body = m.getBody();
        Iterator<?> rows = rows(body);
        ex.setProperty(FeedLifecycle.STAGE, "view-copy-compare");
        try {
            CopySpec spec = spec(ex);
            ViewCopier.Comparison compared = copier.compare(spec, rows, copier.sourcePool(spec.source()));
            ex.setProperty(COMPARISON, compared);
            m.setHeader(UNCHANGED, compared.unchanged());
            if (!compared.unchanged()) {
                LOG.info("{}: compared first ({} ms): {}; copying", spec.feedId(), compared.millis(), compared.why());
                m.setBody(copier.query(spec));
                ex.setProperty(FeedLifecycle.STAGE, "view-copy-read");
            }
        } finally {
            close(body);
        }
    }

    /** An unchanged copy: nothing written; its refresh statements run. */
    public void keep(Exchange ex) throws Exception {
        ex.setProperty(FeedLifecycle.STAGE, "view-copy-keep");
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, copier.keep(spec(ex), ex.getProperty(COMPARISON, ViewCopier.Comparison.class)));
        ex.removeProperty(FeedLifecycle.STAGE);
    }

    /** The body is camel-sql's row iterator (a StreamList); the rows go into the target in one transaction. */
    public void load(Exchange ex) throws Exception {
        var m = ex.getMessage();
        Object body = m.getBody();
        Iterator<?> rows = rows(body);
        ex.setProperty(FeedLifecycle.STAGE, "view-copy-load");
        try {
            CopySpec spec = spec(ex);
            m.setHeader(FeedLifecycle.COUNTS, copier.load(spec, m.getHeader(FeedLifecycle.RUN_ID, String.class), rows,
                    copier.sourcePool(spec.source())));
            ex.removeProperty(FeedLifecycle.STAGE);
        } finally {
            close(body);
        }
    }

    /** camel-sql's StreamList is an iterator; no body (no rows) reads as none. */
    private static Iterator<?> rows(Object body) {
        return body instanceof Iterator<?> it ? it : java.util.Collections.emptyIterator();
    }

    private static void close(Object body) {
        if (body instanceof Closeable c) {
            try {
                c.close(); // the source connection goes back now, not when the night's exchange completes
            } catch (RuntimeException | java.io.IOException closing) {
                // a connection discarded after running out of memory cannot be returned: the failure that
                // discarded it is the one to report, not this
                LOG.debug("closing the copy's source read: {}", closing.toString());
            }
        }
    }

    private static CopySpec spec(Exchange ex) {
        var m = ex.getMessage();
        return new CopySpec(m.getHeader(FeedLifecycle.FEED_ID, String.class),
                m.getHeader("mimSource", String.class), m.getHeader("mimQuery", String.class),
                m.getHeader("mimTarget", String.class), m.getHeader("mimRefresh", String.class));
    }
}
