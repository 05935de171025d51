package io.gatewatch.probes;

import io.gatewatch.spi.RuntimeInfo;

/** A runtime whose lifecycle state a test moves by hand. */
public final class FakeRuntime implements RuntimeInfo {
    public static final long START = 1_795_000_000_000L;
    private volatile State state = State.RUNNING;

    public FakeRuntime state(State state) {
        this.state = state;
        return this;
    }

    @Override
    public String nodeId() {
        return "node-1";
    }

    @Override
    public String version() {
        return "0.1.0-test";
    }

    @Override
    public String commit() {
        return "abc1234";
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
