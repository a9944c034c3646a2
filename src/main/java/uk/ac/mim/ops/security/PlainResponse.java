package uk.ac.mim.ops.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** The one-line text answer of the security filters: a status and why, never a trace. */
final class PlainResponse {

    private PlainResponse() {
    }

    static void send(HttpServletResponse res, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("text/plain;charset=UTF-8");
        res.getWriter().write(message + "\n");
    }
}
