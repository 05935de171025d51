package io.gatewatch.spi;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request to a {@link StatusRoute}, already parsed and limited by the status listener.
 *
 * @param method  {@code GET} or {@code HEAD} (the listener answers everything else itself)
 * @param path    the path without query string and without the configured base path
 * @param query   decoded query parameters
 * @param headers header names in lower case
 */
public record StatusRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers) {
    public StatusRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The first value of a query parameter, or {@code null}. */
    public @Nullable String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A header by case-insensitive name, or {@code null}. */
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
