package io.gatewatch.sample.gateway;

/** A token bucket: {@code rate} requests per second with a burst of one second's worth. */
final class RateLimiter {
    private final double rate;
    private double tokens;
    private long last;

    RateLimiter(double rate, long now) {
        this.rate = rate;
        this.tokens = rate;
        this.last = now;
    }

    synchronized boolean tryAcquire(long now) {
        tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
