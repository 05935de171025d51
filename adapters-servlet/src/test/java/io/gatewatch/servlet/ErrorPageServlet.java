package io.gatewatch.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The gateway's error page, rendered by the container in an ERROR dispatch: a small JSON body. */
final class ErrorPageServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"status\":" + status + ",\"path\":\"" + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + "\"}");
    }

    static String body(int status, String path) {
        return "{\"status\":" + status + ",\"path\":\"" + path + "\"}";
    }
}
