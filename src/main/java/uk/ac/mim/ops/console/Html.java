package uk.ac.mim.ops.console;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/** Minimal server-side HTML for the console: every value escaped, forms carry the CSRF token, style and script in files. */
final class Html {



    private Html() {
    }

    static String esc(Object o) {
        return o == null ? "" : HtmlUtils.htmlEscape(o.toString());
    }

    /** A page: no inline script or style (the console's Content-Security-Policy allows neither). */
    static String page(HttpServletRequest request, String title, String body, String flash) {
        String user = request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
        return head(title) + "<header><b>Moodle Integration Manager</b>"
                + "<a id=\"nav-runs\" href=\"/console\">Overview &amp; runs</a><a id=\"nav-explain\" href=\"/console/explain\">Explain</a>"
                + "<a href=\"/actuator/hawtio/\">Hawtio</a>"
                + (user == null ? "" : "<span class=\"who\" id=\"who\">" + esc(user) + (request.isUserInRole("OPERATOR") ? " (operator)" : " (viewer)")
                + "</span><form class=\"inline\" method=\"post\" action=\"/logout\">" + csrf(request)
                + "<button type=\"submit\" id=\"logout\">Log out</button></form>")
                + "</header><main><h1>" + esc(title) + "</h1>"
                + (flash == null || flash.isBlank() ? "" : "<p class=\"flash\" id=\"flash\">" + esc(flash) + "</p>")
                + body + "</main></body></html>";
    }

    static String head(String title) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + " - MIM console</title><link rel=\"stylesheet\" href=\"/console/console.css\">"
                + "<script src=\"/console/console.js\" defer></script></head><body>";
    }

    /** A duration as operators read it: "3 d", "25 h 0 min", "7 min". */
    static String human(java.time.Duration d) {
        long h = d.toHours();
        return h >= 48 ? h / 24 + " d" : h >= 1 ? h + " h " + d.toMinutesPart() + " min" : Math.max(0, d.toMinutes()) + " min";
    }

    static String csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : "<input type=\"hidden\" name=\"" + esc(token.getParameterName()) + "\" value=\""
                + esc(token.getToken()) + "\">";
    }
}
