package uk.ac.mim.ops.console;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The console's login form: Spring Security's generated page carries inline style, which the console's
 * Content-Security-Policy forbids. Rendering it creates no session (the CSRF token is a cookie).
 */
@Controller
public class LoginPage {

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String login(HttpServletRequest request) {
        boolean error = request.getParameter("error") != null;
        boolean out = request.getParameter("logout") != null;
        return Html.head("Log in") + "<main class=\"login\"><h1>Moodle Integration Manager</h1>"
                + (error ? "<p class=\"error\" id=\"login-error\">Wrong user name or password (repeated failures are slowed down).</p>" : "")
                + (out ? "<p class=\"flash\">You have logged out.</p>" : "")
                + "<form method=\"post\" action=\"/login\">" + Html.csrf(request)
                + "<label>User <input name=\"username\" autocomplete=\"username\" required autofocus></label>"
                + "<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\">Log in</button></form></main></body></html>";
    }
}
