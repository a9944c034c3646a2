package uk.ac.mim.ops.console;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/** Minimal server-side HTML for the console: every value escaped, forms carry the CSRF token. */
final class Html {

    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:0;color:#1d2733}
            header{background:#1f3a5f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
            header a{color:#fff;text-decoration:none}header b{margin-right:1em}
            main{padding:1em 1.2em}table{border-collapse:collapse;width:100%;font-size:.9em;margin-bottom:1.5em}
            th,td{border-bottom:1px solid #dde3ea;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#f1f4f8}tr.BLOCKED td{background:#fde8e8}tr.FAILED td{background:#fff3e0}
            .st{font-weight:600}.BLOCKED .st,.stale{color:#b00020}.OK .st,.fresh{color:#1b7f3b}
            .msg{max-width:48em;overflow-wrap:anywhere}.flash{background:#e8f4fd;padding:.6em;border-radius:4px}
            form.inline{display:inline}button{cursor:pointer}code{font-size:.95em}ul{margin:.2em 0 .8em 1.2em;padding:0}
            """;

    private Html() {
    }

    static String esc(Object o) {
        return o == null ? "" : HtmlUtils.htmlEscape(o.toString());
    }

    static String page(String title, String body, String flash) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + " - MIM console</title><style>" + CSS + "</style></head><body><header><b>Moodle Integration Manager</b>"
                + "<a id=\"nav-runs\" href=\"/console\">Runs &amp; freshness</a><a id=\"nav-explain\" href=\"/console/explain\">Explain</a>"
                + "<a href=\"/actuator/hawtio/\">Hawtio</a><a href=\"/logout\">Log out</a></header><main><h1>" + esc(title) + "</h1>"
                + (flash == null || flash.isBlank() ? "" : "<p class=\"flash\" id=\"flash\">" + esc(flash) + "</p>")
                + body + "</main></body></html>";
    }

    static String csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : "<input type=\"hidden\" name=\"" + esc(token.getParameterName()) + "\" value=\""
                + esc(token.getToken()) + "\">";
    }
}
