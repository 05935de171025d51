package io.gatewatch.probes.internal;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the listener keeps of a request once its head is decoded: no body (bodies are refused),
 * header names in lower case, repeated headers joined with commas.
 */
record RequestHead(String method, String uri, HttpVersion version, boolean keepAlive, Map<String, String> headers) {

    static RequestHead of(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
        }
        return new RequestHead(request.method().name(), request.uri(), request.protocolVersion(),
                HttpUtil.isKeepAlive(request), Map.copyOf(headers));
    }

    boolean head() {
        return method.equals("HEAD");
    }
}
