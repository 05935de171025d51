package io.gatewatch.probes.internal;

import io.gatewatch.spi.StatusResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response ready for the wire: gzip applied when worth it and accepted, body dropped for
 * {@code HEAD} (its length kept). Built off the event loop, since compressing takes time.
 */
record EncodedResponse(int status, String contentType, byte[] body, long contentLength, boolean gzip,
                       boolean varyEncoding, Map<String, String> headers) {
    private static final Logger LOG = LoggerFactory.getLogger(EncodedResponse.class);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int GZIP_THRESHOLD = 1024;
    private static final byte[] NONE = new byte[0];
    /** Headers the listener owns; a route cannot set them. */
    private static final Set<String> RESERVED = Set.of("content-length", "content-type", "content-encoding",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer", "te");

    static EncodedResponse of(StatusResponse response, boolean head, String acceptEncoding) {
        if (response.status() < 200 || response.status() > 599 || !validValue(response.contentType())) {
            // a route's mistake must not reach the wire as a broken response
            LOG.atWarn().addKeyValue("status", response.status())
                    .log("status route answered an invalid status or content type; answered 500");
            response = Responses.error(500, "internal error");
        }
        byte[] body = response.body() == null ? NONE : response.body();
        boolean gzip = response.compressible() && body.length >= GZIP_THRESHOLD && acceptsGzip(acceptEncoding);
        if (gzip) {
            body = gzip(body);
        }
        long length = body.length;
        return new EncodedResponse(response.status(), response.contentType(), head ? NONE : body, length, gzip,
                response.compressible(), validHeaders(response.headers()));
    }

    /** Drops headers that could split the response or that the listener owns. */
    private static Map<String, String> validHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return headers;
        }
        Map<String, String> valid = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name != null && TOKEN.matcher(name).matches() && !RESERVED.contains(name.toLowerCase(Locale.ROOT))
                    && header.getValue() != null && validValue(header.getValue())) {
                valid.put(name, header.getValue());
            } else {
                LOG.atWarn().addKeyValue("header", TOKEN.matcher(String.valueOf(name)).matches() ? name : "(unprintable name)")
                        .log("status route set an invalid or reserved header; dropped it");
            }
        }
        return valid;
    }

    private static boolean validValue(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] tokens = part.trim().split(";");
            String coding = tokens[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
                for (int i = 1; i < tokens.length; i++) {
                    String param = tokens[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                    if (param.equals("q=0") || param.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
