package io.gatewatch.accesslog;

import io.gatewatch.api.TraceContext;
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
 */
final class JsonLine {
    private final String nodeId;

    JsonLine(String nodeId) {
        this.nodeId = nodeId;
    }

    void format(EventRing r, int i, StringBuilder out) {
        out.append("{\"timestamp\":\"");
        DateTimeFormatter.ISO_INSTANT.formatTo(Instant.ofEpochMilli(r.timestampMillis[i]), out);
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
        string(out, "trace_id", traced ? TraceContext.traceIdHex(r.traceHigh[i], r.traceLow[i]) : null);
        string(out, "span_id", traced ? TraceContext.spanIdHex(r.spanId[i]) : null);
        out.append("}\n");
    }

    /** Exact decimal milliseconds from nanoseconds, trailing zeros dropped. */
    private static void millis(StringBuilder out, String key, long nanos) {
        out.append(",\"").append(key).append("\":");
        if (nanos < 0) {
            out.append('-');
            nanos = -nanos;
        }
        out.append(nanos / 1_000_000);
        long fraction = nanos % 1_000_000;
        if (fraction != 0) {
            out.append('.');
            String digits = Long.toString(fraction + 1_000_000).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append(digits, 0, end);
        }
    }

    private static void string(StringBuilder out, String key, String value) {
        out.append(",\"").append(key).append("\":");
        JsonText.appendQuoted(out, value);
    }
}
