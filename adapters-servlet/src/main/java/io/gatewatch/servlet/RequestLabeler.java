package io.gatewatch.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * For a framework that runs its gateway inside a servlet application and keeps what it decided in
 * its own request attributes (Spring Cloud Gateway Server MVC keeps the route id there): the
 * filter calls it at the end of each dispatch of a request it records (the request's own, an
 * async dispatch, the error page's), before it decides whether the request has ended, so the
 * framework can label the request without touching the gateway's code. It runs on the thread
 * that served the dispatch and must not block; a request is labelled by the last call that
 * labelled it.
 */
@FunctionalInterface
public interface RequestLabeler {
    /** Labels nothing: for gateways whose own code calls {@link GatewatchRequest}. */
    RequestLabeler NONE = (request, recording) -> {
    };

    void afterDispatch(HttpServletRequest request, GatewatchRequest recording);
}
