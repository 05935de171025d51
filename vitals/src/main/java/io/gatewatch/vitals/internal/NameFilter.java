package io.gatewatch.vitals.internal;

/**
 * The {@code service=}, {@code route=} and {@code consumer=} filters of {@code /vitals/series}:
 * each applies to the status-code breakdowns whose entries carry that name (service to services,
 * routes and consumer routes; route to routes and consumer routes; consumer to consumers and
 * consumer routes) and leaves the others whole. Null means not given.
 */
record NameFilter(String service, String route, String consumer) {
    static final NameFilter NONE = new NameFilter(null, null, null);

    /** Whether any given filter narrows the entries of {@code kind}. */
    boolean narrows(StatusCodeLog.Kind kind) {
        return switch (kind) {
            case SERVICE -> service != null;
            case ROUTE -> service != null || route != null;
            case CONSUMER -> consumer != null;
            case CONSUMER_ROUTE -> service != null || route != null || consumer != null;
        };
    }

    /** Whether an entry of {@code kind} named {@code name} passes; a filter the kind does not carry passes all. */
    boolean accepts(StatusCodeLog.Kind kind, StatusCodeLog.Name name) {
        boolean hasService = kind != StatusCodeLog.Kind.CONSUMER;
        boolean hasRoute = kind == StatusCodeLog.Kind.ROUTE || kind == StatusCodeLog.Kind.CONSUMER_ROUTE;
        boolean hasConsumer = kind == StatusCodeLog.Kind.CONSUMER || kind == StatusCodeLog.Kind.CONSUMER_ROUTE;
        return (service == null || !hasService || service.equals(name.service()))
                && (route == null || !hasRoute || route.equals(name.route()))
                && (consumer == null || !hasConsumer || consumer.equals(name.consumer()));
    }
}
