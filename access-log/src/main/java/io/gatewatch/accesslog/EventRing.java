package io.gatewatch.accesslog;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded ring of access events, preallocated as one array per field: many gateway threads
 * offer, the writer thread alone polls. Offering copies primitives and references into a slot and
 * allocates nothing; when the ring is full, {@link #offer} returns false at once instead of waiting.
 *
 * <p>Each slot has a sequence number (the bounded queue of D. Vyukov): a producer claims position
 * {@code p} by CAS on the head when the slot's sequence equals {@code p}, fills the slot, then
 * publishes {@code p + 1} with release semantics; the consumer reads a slot only once it sees that
 * value (acquire), and hands it back by publishing {@code p + capacity}.
 */
final class EventRing {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

    private final int mask;
    private final long[] sequence;
    private final AtomicLong head = new AtomicLong();
    private long tail;

    final long[] timestampMillis;
    final String[] service;
    final String[] route;
    final HttpMethod[] method;
    final int[] status;
    final ResponseSource[] source;
    final String[] consumer;
    final long[] totalNanos;
    final long[] upstreamNanos;
    final long[] bytesIn;
    final long[] bytesOut;
    final long[] traceHigh;
    final long[] traceLow;
    final long[] spanId;

    EventRing(int requested) {
        int capacity = Integer.highestOneBit(Math.max(1, requested - 1)) << 1;
        if (requested == 1) {
            capacity = 1;
        }
        this.mask = capacity - 1;
        this.sequence = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequence[i] = i;
        }
        timestampMillis = new long[capacity];
        service = new String[capacity];
        route = new String[capacity];
        method = new HttpMethod[capacity];
        status = new int[capacity];
        source = new ResponseSource[capacity];
        consumer = new String[capacity];
        totalNanos = new long[capacity];
        upstreamNanos = new long[capacity];
        bytesIn = new long[capacity];
        bytesOut = new long[capacity];
        traceHigh = new long[capacity];
        traceLow = new long[capacity];
        spanId = new long[capacity];
    }

    int capacity() {
        return mask + 1;
    }

    /** Claims a slot; returns its index, or -1 when the ring is full. Fill the slot, then {@link #publish}. */
    int claim() {
        while (true) {
            long position = head.get();
            int index = (int) position & mask;
            long seq = (long) SEQ.getAcquire(sequence, index);
            long diff = seq - position;
            if (diff == 0) {
                if (head.compareAndSet(position, position + 1)) {
                    return index;
                }
            } else if (diff < 0) {
                return -1;
            }
            // else another producer took this position: read the head again
        }
    }

    /** Makes a claimed slot visible to the writer. */
    void publish(int index) {
        // the slot's position is its current sequence; publishing moves it one on
        SEQ.setRelease(sequence, index, (long) SEQ.getOpaque(sequence, index) + 1);
    }

    /** The index of the next published slot, or -1 when none is ready. Writer thread only. */
    int peek() {
        int index = (int) tail & mask;
        long seq = (long) SEQ.getAcquire(sequence, index);
        return seq == tail + 1 ? index : -1;
    }

    /** Returns the slot {@link #peek} gave to the producers. Writer thread only. */
    void release(int index) {
        service[index] = null;
        route[index] = null;
        consumer[index] = null;
        SEQ.setRelease(sequence, index, tail + mask + 1);
        tail++;
    }
}
