package uk.ac.mim.ops.console;

import static uk.ac.mim.ops.console.Html.esc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The console's pictures as inline SVG, drawn on the server (no front-end build, no script): a sparkline, an age
 * against its allowance, a night's timeline, a guard's history against its threshold. Each says in words what it
 * shows (a title for screen readers and a text label beside it), and a status is a shape and a word as well as a
 * colour, so nothing depends on seeing colour. Colours come from classes in console.css, not inline styles.
 */
final class Charts {

    private Charts() {
    }

    /** A point of a series: its value, and what to say of it on hover. */
    record Point(double value, String label) { }

    /** Up to two series (e.g. adds, removals) over the same nights; the second dashed. */
    static String sparkline(String title, List<Point> first, List<Point> second, int width, int height) {
        double max = 1;
        for (Point p : first) {
            max = Math.max(max, p.value());
        }
        if (second != null) {
            for (Point p : second) {
                max = Math.max(max, p.value());
            }
        }
        StringBuilder b = svg(title, width, height);
        b.append("<line class=\"axis\" x1=\"0\" y1=\"").append(height - 1).append("\" x2=\"").append(width).append("\" y2=\"")
                .append(height - 1).append("\"/>");
        line(b, first, max, width, height, "spark");
        if (second != null) {
            line(b, second, max, width, height, "spark second");
        }
        return b.append("</svg>").toString();
    }

    private static void line(StringBuilder b, List<Point> points, double max, int width, int height, String cls) {
        if (points.isEmpty()) {
            return;
        }
        StringBuilder xy = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            xy.append(i == 0 ? "" : " ").append(fmt(x(i, points.size(), width))).append(',')
                    .append(fmt(y(points.get(i).value(), max, height)));
        }
        b.append("<polyline class=\"").append(cls).append("\" points=\"").append(xy).append("\"/>");
        Point last = points.get(points.size() - 1);
        b.append("<circle class=\"").append(cls).append(" dot\" r=\"2\" cx=\"").append(fmt(x(points.size() - 1, points.size(), width)))
                .append("\" cy=\"").append(fmt(y(last.value(), max, height))).append("\"><title>").append(esc(last.label()))
                .append("</title></circle>");
    }

    /** The age of the last OK run as a bar against the allowed age (a tick marks the allowance). */
    static String ageBar(Duration age, Duration allowed, int width) {
        int height = 10;
        double scale = Math.max(age == null ? 0 : age.toMinutes(), allowed.toMinutes() * 1.25);
        double fill = age == null ? 0 : width * age.toMinutes() / scale;
        double tick = width * allowed.toMinutes() / scale;
        boolean over = age == null || age.compareTo(allowed) > 0;
        StringBuilder b = svg("age " + (age == null ? "never OK" : Html.human(age)) + " of " + Html.human(allowed) + " allowed", width, height);
        b.append("<rect class=\"track\" x=\"0\" y=\"2\" width=\"").append(width).append("\" height=\"6\"/>");
        b.append("<rect class=\"age").append(over ? " over" : "").append("\" x=\"0\" y=\"2\" width=\"").append(fmt(fill))
                .append("\" height=\"6\"/>");
        b.append("<line class=\"limit\" x1=\"").append(fmt(tick)).append("\" y1=\"0\" x2=\"").append(fmt(tick)).append("\" y2=\"")
                .append(height).append("\"/>");
        return b.append("</svg>").toString();
    }

    /** A bar of the night's timeline. */
    record Bar(String feed, Instant start, Instant end, String status) { }

    /** Each run of a night as a bar from its start to its end, labelled with its feed, duration and status. */
    static String timeline(String title, List<Bar> bars, int width) {
        int row = 18;
        int labels = 250;
        int height = Math.max(1, bars.size()) * row + 24;
        Instant from = bars.stream().map(Bar::start).min(Instant::compareTo).orElse(Instant.now());
        Instant to = bars.stream().map(b -> b.end() == null ? Instant.now() : b.end()).max(Instant::compareTo).orElse(from);
        double span = Math.max(1, Duration.between(from, to).toMillis());
        double plot = width - labels - 130;
        StringBuilder b = svg(title, width, height);
        b.append("<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">")
                .append("<path class=\"hatch\" d=\"M0,6 L6,0\"/></pattern></defs>");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            Instant end = bar.end() == null ? to : bar.end();
            double x = labels + plot * Duration.between(from, bar.start()).toMillis() / span;
            double w = Math.max(2, plot * Duration.between(bar.start(), end).toMillis() / span);
            int y = i * row + 4;
            String seconds = String.format(Locale.ROOT, "%.1f s", Duration.between(bar.start(), end).toMillis() / 1000.0);
            b.append("<text class=\"label\" x=\"").append(labels - 6).append("\" y=\"").append(y + 11).append("\" text-anchor=\"end\">")
                    .append(esc(bar.feed())).append("</text>");
            b.append("<rect class=\"bar ").append(esc(bar.status())).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(y)
                    .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(row - 6).append('"')
                    .append(bar.status().equals("OK") ? "" : " fill=\"url(#hatch)\"").append("><title>").append(esc(bar.feed()))
                    .append(' ').append(esc(bar.status())).append(", ").append(seconds).append("</title></rect>");
            b.append("<text class=\"value\" x=\"").append(fmt(x + w + 4)).append("\" y=\"").append(y + 11).append("\">")
                    .append(seconds).append(bar.status().equals("OK") ? "" : " " + esc(bar.status())).append("</text>");
        }
        int axis = bars.size() * row + 8;
        b.append("<line class=\"axis\" x1=\"").append(labels).append("\" y1=\"").append(axis).append("\" x2=\"")
                .append(fmt(labels + plot)).append("\" y2=\"").append(axis).append("\"/>");
        b.append("<text class=\"value\" x=\"").append(labels).append("\" y=\"").append(axis + 14).append("\">")
                .append(esc(from.toString().substring(0, 19).replace('T', ' '))).append("</text>");
        b.append("<text class=\"value\" x=\"").append(fmt(labels + plot)).append("\" y=\"").append(axis + 14)
                .append("\" text-anchor=\"end\">").append(String.format(Locale.ROOT, "+%.1f s", span / 1000)).append("</text>");
        return b.append("</svg>").toString();
    }

    /** A guard check, night by night: the retained % of one kind of record. */
    record GuardPoint(double percent, boolean blocked, String label) { }

    /** Retained % per check against the threshold line (0–100 %); a blocked check is a cross, labelled. */
    static String guard(String title, List<String> kinds, List<List<GuardPoint>> series, int threshold, int width, int height) {
        StringBuilder b = svg(title, width, height);
        int left = 34;
        int plot = width - left - 8;
        double ty = yPercent(threshold, height);
        for (int p : new int[] {0, 50, 100}) {
            b.append("<text class=\"value\" x=\"").append(left - 4).append("\" y=\"").append(fmt(yPercent(p, height) + 4))
                    .append("\" text-anchor=\"end\">").append(p).append("%</text>");
        }
        b.append("<line class=\"threshold\" x1=\"").append(left).append("\" y1=\"").append(fmt(ty)).append("\" x2=\"")
                .append(left + plot).append("\" y2=\"").append(fmt(ty)).append("\"><title>threshold ").append(threshold)
                .append("%</title></line>");
        b.append("<text class=\"value\" x=\"").append(left + plot).append("\" y=\"").append(fmt(ty - 3))
                .append("\" text-anchor=\"end\">threshold ").append(threshold).append("%</text>");
        for (int k = 0; k < series.size(); k++) {
            List<GuardPoint> points = series.get(k);
            StringBuilder xy = new StringBuilder();
            for (int i = 0; i < points.size(); i++) {
                double x = left + x(i, points.size(), plot);
                double y = yPercent(points.get(i).percent(), height);
                xy.append(i == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
                b.append("<circle class=\"spark").append(k == 0 ? "" : " second").append(" dot\" r=\"2\" cx=\"").append(fmt(x))
                        .append("\" cy=\"").append(fmt(y)).append("\"><title>").append(esc(points.get(i).label()))
                        .append("</title></circle>");
                if (points.get(i).blocked()) {
                    b.append("<path class=\"blocked\" d=\"M").append(fmt(x - 4)).append(',').append(fmt(y - 4)).append(" L")
                            .append(fmt(x + 4)).append(',').append(fmt(y + 4)).append(" M").append(fmt(x - 4)).append(',')
                            .append(fmt(y + 4)).append(" L").append(fmt(x + 4)).append(',').append(fmt(y - 4)).append("\"><title>")
                            .append(esc(points.get(i).label())).append("</title></path>");
                }
            }
            b.append("<polyline class=\"spark").append(k == 0 ? "" : " second").append("\" points=\"").append(xy)
                    .append("\"><title>").append(esc(kinds.get(k))).append("</title></polyline>");
        }
        return b.append("</svg>").toString();
    }

    private static double yPercent(double percent, int height) {
        return 6 + (height - 12) * (1 - Math.min(100, Math.max(0, percent)) / 100.0);
    }

    private static StringBuilder svg(String title, int width, int height) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" aria-label=\"").append(esc(title)).append("\"><title>").append(esc(title)).append("</title>");
    }

    private static double x(int i, int n, double width) {
        return n <= 1 ? width - 3 : 2 + (width - 5) * i / (double) (n - 1);
    }

    private static double y(double value, double max, int height) {
        return height - 2 - (height - 5) * value / max;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
