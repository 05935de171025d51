package io.gatewatch.probes.internal;

import io.gatewatch.probes.StatusSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code Authorization} headers against the configured basic auth users and bearer token.
 * Compares digests in constant time, so response timing does not reveal how much of a guess was right.
 */
final class Authenticator {
    private static final byte[] NO_MATCH = digest("\u0000no-user\u0000");

    private final Map<String, byte[]> users = new HashMap<>();
    private final Optional<byte[]> token;
    private final List<String> challenges;
    private final boolean enabled;

    Authenticator(StatusSettings.Auth auth) {
        auth.users().forEach((name, password) -> users.put(name, digest(password.reveal())));
        this.token = auth.bearerToken().map(t -> digest(t.reveal()));
        this.enabled = auth.enabled();
        String realm = "realm=\"" + auth.realm() + "\"";
        if (!users.isEmpty() && token.isPresent()) {
            challenges = List.of("Basic " + realm + ", charset=\"UTF-8\"", "Bearer " + realm);
        } else if (token.isPresent()) {
            challenges = List.of("Bearer " + realm);
        } else {
            challenges = List.of("Basic " + realm + ", charset=\"UTF-8\"");
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** The {@code WWW-Authenticate} values a 401 carries. */
    List<String> challenges() {
        return challenges;
    }

    /** Whether the header carries valid credentials; {@code true} when auth is off. */
    boolean permits(String authorization) {
        if (!enabled) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        String header = authorization.trim();
        int space = header.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        String scheme = header.substring(0, space);
        String credentials = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return token.isPresent() && MessageDigest.isEqual(token.get(), digest(credentials));
        }
        if (scheme.equalsIgnoreCase("Basic") && !users.isEmpty()) {
            return basic(credentials);
        }
        return false;
    }

    private boolean basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] expected = users.getOrDefault(decoded.substring(0, colon), NO_MATCH);
        boolean match = MessageDigest.isEqual(expected, digest(decoded.substring(colon + 1)));
        return match && expected != NO_MATCH;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
