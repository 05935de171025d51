package io.gatewatch.zuul;

import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.message.http.HttpResponseMessageImpl;

/** The test server's answer to a path no route takes. */
public final class NotFound extends HttpSyncEndpoint {
    static final String BODY = "no route for this path";

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        HttpResponseMessage response = new HttpResponseMessageImpl(request.getContext(), request, 404);
        response.setBodyAsText(BODY);
        return response;
    }
}
