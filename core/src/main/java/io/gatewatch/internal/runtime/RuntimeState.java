package io.gatewatch.internal.runtime;

import io.gatewatch.spi.RuntimeInfo;

/** The node's identity and lifecycle phase; the phase is what readiness reads. */
final class RuntimeState implements RuntimeInfo {
    private final String nodeId;
    private final String version;
    private final String commit;
    private final long startTimeMillis;
    private volatile State state = State.STARTING;

    RuntimeState(String nodeId, String version, String commit, long startTimeMillis) {
        this.nodeId = nodeId;
        this.version = version;
        this.commit = commit;
        this.startTimeMillis = startTimeMillis;
    }

    static String buildVersion() {
        String v = RuntimeState.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    void set(State next) {
        state = next;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public long startTimeMillis() {
        return startTimeMillis;
    }

    @Override
    public State state() {
        return state;
    }
}
