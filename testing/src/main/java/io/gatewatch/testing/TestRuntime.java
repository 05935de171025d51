package io.gatewatch.testing;

import io.gatewatch.api.RuntimeInfo;

/** Runtime information whose lifecycle state a test moves by hand, as core would. */
public final class TestRuntime implements RuntimeInfo {
    // what the status listener's exact-document tests expect: 2026-11-18T11:06:40Z
    private static final long START = 1_795_000_000_000L;
    private static final String VERSION = "0.1.0-test";
    private static final String COMMIT = "abc1234";

    private final String nodeId;
    private volatile State state = State.RUNNING;

    public TestRuntime(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Node {@code node-1}. */
    public TestRuntime() {
        this("node-1");
    }

    public TestRuntime state(State state) {
        this.state = state;
        return this;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String commit() {
        return COMMIT;
    }

    @Override
    public long startTimeMillis() {
        return START;
    }

    @Override
    public State state() {
        return state;
    }
}
