package io.gatewatch.api;

/** Health of one target (host:port) of an upstream, as the gateway's own checks see it. */
public interface UpstreamTargetMetrics {

    enum Health {
        HEALTHY("healthy"), UNHEALTHY("unhealthy"), DNS_ERROR("dns_error");

        private final String label;

        Health(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    void health(Health health);
}
