package uk.ac.mim.staging;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

/** The read-only connections a copy may read from, by the name a route template uses. */
public class SourceDataSources implements AutoCloseable {

    public record Source(String name, DataSource dataSource, int fetchSize) { }

    private final Map<String, Source> byName = new LinkedHashMap<>();

    public void put(String name, DataSource dataSource, int fetchSize) {
        byName.put(name, new Source(name, dataSource, fetchSize));
    }

    public Source get(String name) {
        Source s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Unknown source datasource '" + name + "'; known: " + byName.keySet());
        }
        return s;
    }

    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }

    @Override
    public void close() throws Exception {
        for (Source s : byName.values()) {
            if (s.dataSource() instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
