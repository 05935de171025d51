package io.gatewatch.api;

/** Authentication outcomes of one auth scheme (for example {@code key-auth} or {@code jwt}). */
public interface AuthMetrics {
    void attempt();

    /** @param reason short, bounded vocabulary: {@code missing_key}, {@code invalid_key}, {@code expired_token} */
    void failure(String reason);

    /** A credential lookup answered from the auth cache. */
    void cacheHit();

    void cacheMiss();
}
