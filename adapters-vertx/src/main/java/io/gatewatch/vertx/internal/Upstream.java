package io.gatewatch.vertx.internal;

import java.net.URI;

/** One upstream address an HTTP client calls; its host names the service of routes that declare none. */
final class Upstream {
    final URI uri;

    Upstream(String host, int port) {
        URI parsed;
        try {
            String bracketed = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            parsed = URI.create("http://" + bracketed + (port > 0 ? ":" + port : ""));
        } catch (IllegalArgumentException e) {
            parsed = null;   // not a host name (a domain socket path): the service falls back to "gateway"
        }
        this.uri = parsed;
    }
}
