package io.gatewatch.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's own signal that a request is complete, its response written to the last byte, after
 * whatever error handling Jetty did outside the filter chain. Loaded only where Jetty's servlet
 * classes are visible to the filter (embedded Jetty).
 */
final class JettyCompletion {
    private static final String MARKER = "org.eclipse.jetty.ee10.servlet.ServletContextRequest";

    private JettyCompletion() {
    }

    static JettyCompletion ifPresent() {
        try {
            Class.forName(MARKER, false, JettyCompletion.class.getClassLoader());
            return new JettyCompletion();
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }

    /** Records {@code recording} when Jetty completes the request; false when the request is not Jetty's. */
    boolean watch(HttpServletRequest request, ServletRecording recording) {
        ServletContextRequest jettyRequest;
        try {
            jettyRequest = ServletContextRequest.getServletContextRequest(request);
        } catch (IllegalStateException anotherContainers) {
            return false;   // Jetty's classes are here, but another container serves this request
        }
        if (jettyRequest == null) {
            return false;
        }
        Request.addCompletionListener(jettyRequest, new Completed(recording));
        return true;
    }

    /** Only for requests whose error Jetty renders: not on the path of ordinary requests. */
    private record Completed(ServletRecording recording) implements Consumer<Throwable> {
        @Override
        public void accept(Throwable failure) {
            recording.completed();
        }
    }
}
