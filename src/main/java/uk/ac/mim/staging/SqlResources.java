package uk.ac.mim.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;

/**
 * Loads the editable {@code .sql} resources. A location may be {@code classpath:} or {@code file:}; a
 * bare path is looked up on the classpath under {@code sql/}. The only substitution is the validated
 * Moodle table prefix ({@code ${prefix}}); values are never spliced into SQL.
 */
@Component
public class SqlResources {

    private final ResourceLoader loader = new DefaultResourceLoader();
    private final MimProperties props;

    public SqlResources(MimProperties props) {
        this.props = props;
    }

    public String load(String location) {
        String loc = location.contains(":") ? location : "classpath:sql/" + location;
        Resource r = loader.getResource(loc);
        if (!r.exists()) {
            throw new IllegalArgumentException("SQL resource not found: " + loc);
        }
        try (InputStream in = r.getInputStream()) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sql.replace("${prefix}", SqlIdentifiers.prefix(props.getMoodle().getTablePrefix())).strip();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read SQL resource " + loc + ": " + e.getMessage(), e);
        }
    }

    /** Splits a resource of several statements on semicolons at line ends; comments are dropped. */
    public List<String> statements(String location) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : load(location).split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = cur.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    /** A single query: trailing semicolon removed (JDBC drivers reject it), comments kept. */
    public String query(String location) {
        String sql = load(location);
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }
}
