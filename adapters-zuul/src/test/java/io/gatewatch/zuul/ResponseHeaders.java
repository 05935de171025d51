package io.gatewatch.zuul;

import com.netflix.zuul.filters.http.HttpOutboundSyncFilter;
import com.netflix.zuul.message.http.HttpResponseMessage;

/**
 * The test server's outbound filter, as zuul-sample's response filter: names the server. Zuul's
 * static filter loader also needs at least one filter of each type.
 */
public final class ResponseHeaders extends HttpOutboundSyncFilter {
    @Override
    public int filterOrder() {
        return 0;
    }

    @Override
    public boolean shouldFilter(HttpResponseMessage response) {
        return true;
    }

    @Override
    public HttpResponseMessage apply(HttpResponseMessage response) {
        response.getHeaders().set("X-Zuul", "gatewatch-test");
        return response;
    }
}
