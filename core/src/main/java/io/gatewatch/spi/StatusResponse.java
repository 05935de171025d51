package io.gatewatch.spi;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a {@link StatusRoute} answers. The listener adds {@code Content-Length}, handles
 * {@code HEAD}, and compresses with gzip when the client accepts it and {@code compressible}.
 */
public record StatusResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                             boolean compressible) {
    public StatusResponse {
        headers = Map.copyOf(headers);
    }

    public static StatusResponse json(int status, String json) {
        return new StatusResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of(), true);
    }

    public static StatusResponse text(int status, String text) {
        return new StatusResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of(), true);
    }
}
