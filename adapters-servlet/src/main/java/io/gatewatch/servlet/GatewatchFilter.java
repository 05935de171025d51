package io.gatewatch.servlet;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.servlet.internal.ServletRecorder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.EnumSet;

/**
 * Records every request of a servlet gateway into gatewatch: method, status, who answered, total,
 * upstream and overhead time, body bytes read and written, requests in flight. It must be the
 * first filter and see the REQUEST, ASYNC and ERROR dispatches (so an error page counts its status
 * and bytes), and it must also be registered as a {@link ServletRequestListener}, which ends a
 * request whose error the container renders outside the filter chain. {@link #install} does all
 * of that:
 *
 * <pre>{@code
 * GatewatchFilter.install(servletContext, gatewatch);
 * }</pre>
 *
 * <p>The gateway's code labels requests through {@link GatewatchRequest}. With {@code web.xml},
 * declare {@link GatewatchListener} instead: it starts gatewatch with the default configuration
 * and installs the filter.
 */
public final class GatewatchFilter implements Filter, ServletRequestListener {
    /** The servlet context attribute under which {@link GatewatchListener} keeps its {@link Gatewatch}. */
    public static final String GATEWATCH_ATTRIBUTE = Gatewatch.class.getName();
    /** The name {@link #install} registers the filter under. */
    public static final String FILTER_NAME = "gatewatch";

    private volatile ServletRecorder recorder;

    /** Records into {@code gatewatch}. */
    public GatewatchFilter(Gatewatch gatewatch) {
        this.recorder = new ServletRecorder(gatewatch.metrics());
    }

    /**
     * For a framework that labels requests from its own request attributes ({@link RequestLabeler})
     * and resolves route handles itself: {@code handles} must be built on {@code metrics}. The
     * framework registers the filter as {@link #install} does (first, REQUEST, ASYNC and ERROR
     * dispatches) and calls {@link #listenForRequestEnds} unless every error reaches an error page
     * through the filter.
     */
    public GatewatchFilter(GatewayMetrics metrics, RouteHandles handles, RequestLabeler labeler) {
        this.recorder = new ServletRecorder(metrics, handles, labeler);
    }

    /**
     * For a filter the container creates by its class name: it records into the {@link Gatewatch}
     * held in the servlet context attribute {@link #GATEWATCH_ATTRIBUTE}.
     */
    public GatewatchFilter() {
    }

    /**
     * Adds a filter recording into {@code gatewatch} before every other filter, for every path and
     * the REQUEST, ASYNC and ERROR dispatches, and registers it as a request listener where the
     * container needs one to tell the end of a request (not on Jetty, which tells it otherwise). Call it
     * while the context starts (a {@code ServletContainerInitializer}, a {@code ServletContextListener},
     * or before an embedded server starts).
     */
    public static GatewatchFilter install(ServletContext context, Gatewatch gatewatch) {
        GatewatchFilter filter = new GatewatchFilter(gatewatch);
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, filter);
        if (registration == null) {
            throw new IllegalStateException("a filter named " + FILTER_NAME + " is already installed in this application: "
                    + "install gatewatch once (GatewatchListener installs it too)");
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR), false, "/*");
        filter.listenForRequestEnds(context);
        return filter;
    }

    /**
     * Registers this filter as a request listener where the container needs one to tell the end of
     * a request whose error it renders outside the filter chain (not on Jetty, which tells it
     * otherwise and would send an event after every dispatch). Call it while the context starts.
     */
    public void listenForRequestEnds(ServletContext context) {
        if (recorder.needsRequestEvents(context)) {
            context.addListener(this);
        }
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (recorder != null) {
            return;
        }
        Object gatewatch = config.getServletContext().getAttribute(GATEWATCH_ATTRIBUTE);
        if (!(gatewatch instanceof Gatewatch g)) {
            throw new ServletException("filter " + config.getFilterName() + ": no Gatewatch in the servlet context attribute "
                    + GATEWATCH_ATTRIBUTE + "; declare " + GatewatchListener.class.getName()
                    + " as a listener, or construct the filter with a Gatewatch");
        }
        recorder = new ServletRecorder(g.metrics());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ServletRecorder r = recorder;
        if (r == null) {
            chain.doFilter(request, response);
            return;
        }
        r.doFilter(request, response, chain);
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        ServletRecorder r = recorder;
        if (r != null) {
            r.requestEnded(event.getServletRequest());
        }
    }
}
