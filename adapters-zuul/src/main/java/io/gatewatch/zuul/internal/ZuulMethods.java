package io.gatewatch.zuul.internal;

import io.gatewatch.api.HttpMethod;

/** Zuul keeps a request's method lower-cased ({@code "get"}); the label is the standard token. */
final class ZuulMethods {
    private ZuulMethods() {
    }

    static HttpMethod of(String zuulMethod) {
        if (zuulMethod == null) {
            return HttpMethod.OTHER;
        }
        switch (zuulMethod) {
            case "get": return HttpMethod.GET;
            case "head": return HttpMethod.HEAD;
            case "post": return HttpMethod.POST;
            case "put": return HttpMethod.PUT;
            case "delete": return HttpMethod.DELETE;
            case "patch": return HttpMethod.PATCH;
            case "options": return HttpMethod.OPTIONS;
            case "trace": return HttpMethod.TRACE;
            case "connect": return HttpMethod.CONNECT;
            default: return HttpMethod.of(zuulMethod);
        }
    }
}
