package io.gatewatch.servlet.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's own signal that a request is complete, its response written to the last byte, after
 * whatever error handling Jetty did outside the filter chain. Loaded only where Jetty's servlet
 * classes are visible to the filter (embedded Jetty). Each of Jetty's Servlet 6 environments (ee10,
 * ee11) keeps its requests in classes of its own, so each has an {@link Environment} here, and
 * the one that serves a request finds Jetty's request behind it.
 */
final class JettyCompletion {
    private final Environment[] environments;

    private JettyCompletion(Environment[] environments) {
        this.environments = environments;
    }

    /** The environments whose classes the filter sees; null when none. */
    static JettyCompletion ifPresent() {
        ClassLoader loader = JettyCompletion.class.getClassLoader();
        List<Environment> found = new ArrayList<>(2);
        // an environment is created only where its own classes are: its methods call into them, and
        // an absent environment must neither hide the other nor fail on a request later
        try {
            if (visible("org.eclipse.jetty.ee10.servlet.ServletContextRequest", loader)) {
                found.add(new JettyEe10Environment());
            }
        } catch (LinkageError incomplete) {
            // an ee10 jar without the rest of Jetty: not an environment that serves requests here
        }
        try {
            if (visible("org.eclipse.jetty.ee11.servlet.ServletContextRequest", loader)) {
                found.add(new JettyEe11Environment());
            }
        } catch (LinkageError incomplete) {
            // likewise for ee11
        }
        return found.isEmpty() ? null : new JettyCompletion(found.toArray(new Environment[0]));
    }

    private static boolean visible(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** Whether one of these environments serves {@code context}, so that its requests' completion can be watched. */
    boolean serves(ServletContext context) {
        for (Environment environment : environments) {
            if (environment.serves(context)) {
                return true;
            }
        }
        return false;
    }

    /** Records {@code recording} when Jetty completes the request; false when none of these environments serves it. */
    boolean watch(HttpServletRequest request, ServletRecording recording) {
        for (Environment environment : environments) {
            Request jettyRequest = environment.jettyRequest(request);
            if (jettyRequest != null) {
                Request.addCompletionListener(jettyRequest, new Completed(recording));
                return true;
            }
        }
        return false;
    }

    /** One of Jetty's servlet environments, as far as completion needs it. */
    interface Environment {
        /** Whether this environment serves {@code context}. */
        boolean serves(ServletContext context);

        /** Jetty's request behind {@code request}; null when another environment or container serves it. */
        Request jettyRequest(HttpServletRequest request);
    }

    /** Only for requests whose error Jetty renders: not on the path of ordinary requests. */
    private record Completed(ServletRecording recording) implements Consumer<Throwable> {
        @Override
        public void accept(Throwable failure) {
            recording.completed();
        }
    }
}
