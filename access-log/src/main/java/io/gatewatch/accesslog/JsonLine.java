package io.gatewatch.accesslog;

import io.gatewatch.spi.support.JsonText;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Formats one ring slot as a JSON object on one line, into a reused builder (writer thread only).
 *
 * <pre>{@code
 * {"timestamp":"2026-11-22T01:02:03.456Z","node_id":"gw-1","service":"accounts","route":"users",
 *  "method":"GET","status":200,"source":"upstream","consumer":"alice","latency_ms":17.204,
 *  "upstream_latency_ms":15.98,"overhead_latency_ms":1.224,"request_bytes":0,"response_bytes":312,
 *  "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}
 * }</pre>
 *
 * Latencies are milliseconds with nanosecond digits; {@code upstream_latency_ms} is {@code null}
 * when no upstream was called, {@code consumer}, {@code trace_id} and {@code span_id} are
 * {@code null} when absent.
 *
 * <p>Nothing is allocated per line (the writer formats up to every request the gateway serves): the
 * timestamp's date and time are formatted once per second and reused, its milliseconds, the ids'
 * hex digits and the latencies' decimals are appended digit by digit.
 */
final class JsonLine {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String nodeId;
    /** The epoch second {@link #secondText} shows, as ISO-8601 up to the seconds (no zone). */
    private long second = Long.MIN_VALUE;
    private String secondText;

    JsonLine(String nodeId) {
        this.nodeId = nodeId;
    }

    void format(EventRing r, int i, StringBuilder out) {
        out.append("{\"timestamp\":\"");
        timestamp(out, r.timestampMillis[i]);
        out.append('"');
        string(out, "node_id", nodeId);
        string(out, "service", r.service[i]);
        string(out, "route", r.route[i]);
        string(out, "method", r.method[i].name());
        out.append(",\"status\":").append(r.status[i]);
        string(out, "source", r.source[i].label());
        string(out, "consumer", r.consumer[i]);
        long total = r.totalNanos[i];
        long upstream = r.upstreamNanos[i];
        millis(out, "latency_ms", total);
        if (upstream >= 0) {
            millis(out, "upstream_latency_ms", upstream);
            millis(out, "overhead_latency_ms", total - upstream);
        } else {
            out.append(",\"upstream_latency_ms\":null");
            millis(out, "overhead_latency_ms", total);
        }
        out.append(",\"request_bytes\":").append(r.bytesIn[i]);
        out.append(",\"response_bytes\":").append(r.bytesOut[i]);
        boolean traced = r.traceHigh[i] != 0 || r.traceLow[i] != 0;
        if (traced) {
            out.append(",\"trace_id\":\"");
            hex(out, r.traceHigh[i]);
            hex(out, r.traceLow[i]);
            out.append("\",\"span_id\":\"");
            hex(out, r.spanId[i]);
            out.append('"');
        } else {
            out.append(",\"trace_id\":null,\"span_id\":null");
        }
        out.append("}\n");
    }

    /** As {@link DateTimeFormatter#ISO_INSTANT} writes it: milliseconds only when not zero. */
    private void timestamp(StringBuilder out, long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            String iso = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(s));
            secondText = iso.substring(0, iso.length() - 1);
            second = s;
        }
        out.append(secondText);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        if (millis != 0) {
            out.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10));
        }
        out.append('Z');
    }

    private static void hex(StringBuilder out, long v) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (v >>> shift) & 0xF]);
        }
    }

    /** Exact decimal milliseconds from nanoseconds, trailing zeros dropped. */
    private static void millis(StringBuilder out, String key, long nanos) {
        out.append(",\"").append(key).append("\":");
        if (nanos < 0) {
            out.append('-');
            nanos = -nanos;
        }
        out.append(nanos / 1_000_000);
        int fraction = (int) (nanos % 1_000_000);
        if (fraction != 0) {
            out.append('.');
            // the six digits of the fraction, up to its last non-zero one
            for (int div = 100_000; fraction != 0; div /= 10) {
                out.append((char) ('0' + fraction / div));
                fraction %= div;
            }
        }
    }

    private static void string(StringBuilder out, String key, String value) {
        out.append(",\"").append(key).append("\":");
        JsonText.appendQuoted(out, value);
    }
}
