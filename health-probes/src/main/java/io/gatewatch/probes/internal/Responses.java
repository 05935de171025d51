package io.gatewatch.probes.internal;

import io.gatewatch.spi.StatusResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The answers the listener gives on its own: errors, OPTIONS. Small JSON, never a stack trace. */
final class Responses {
    private static final byte[] EMPTY = new byte[0];

    private Responses() {
    }

    static StatusResponse error(int status, String message) {
        String json = "{\"status\":" + status + ",\"error\":\"" + message + "\"}";
        return new StatusResponse(status, "application/json", json.getBytes(StandardCharsets.US_ASCII), Map.of(), false);
    }

    static StatusResponse options() {
        return new StatusResponse(204, null, EMPTY, Map.of("allow", Router.ALLOW), false);
    }

    static StatusResponse methodNotAllowed() {
        StatusResponse error = error(405, "method not allowed");
        return new StatusResponse(405, error.contentType(), error.body(), Map.of("allow", Router.ALLOW), false);
    }

    static StatusResponse unauthorized(List<String> challenges) {
        StatusResponse error = error(401, "unauthorized");
        return new StatusResponse(401, error.contentType(), error.body(),
                Map.of("www-authenticate", String.join(", ", challenges)), false);
    }
}
