package io.gatewatch.exporter.datadog;

import com.datadog.api.client.JSON;
import com.datadog.api.client.v2.model.MetricIntakeType;
import com.datadog.api.client.v2.model.MetricPoint;
import com.datadog.api.client.v2.model.MetricResource;
import com.datadog.api.client.v2.model.MetricSeries;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Cuts the pending queue into payloads that the intake accepts: a request body of at most
 * 512,000 bytes (compressed) that inflates to under 5 MiB. Sizes are measured with the client's
 * own JSON mapper, so they are the bytes that go on the wire; each limit keeps a margin for the
 * compressor's framing.
 */
final class PayloadBuilder {
    /** The intake's limit on a request body is 512,000 bytes; the margin absorbs compressor differences. */
    static final int MAX_COMPRESSED_BYTES = 500_000;
    /** The intake's limit is 5 MiB (5,242,880 bytes) after decompression. */
    static final int MAX_INFLATED_BYTES = 5_000_000;
    /** {@code {"series":[} and {@code ]}} around the series. */
    static final int ENVELOPE_BYTES = "{\"series\":[]}".length();

    /**
     * The next payload: the first {@code count} queued series.
     *
     * @param tooLarge a single series that alone exceeds the limits (it can never be sent)
     */
    record Batch(List<MetricSeries> series, int count, long inflatedBytes, long compressedBytes, boolean tooLarge) {
    }

    private final ObjectMapper mapper = new JSON().getMapper();
    private final int maxCompressed;
    private final int maxInflated;

    PayloadBuilder() {
        this(MAX_COMPRESSED_BYTES, MAX_INFLATED_BYTES);
    }

    PayloadBuilder(int maxCompressed, int maxInflated) {
        this.maxCompressed = maxCompressed;
        this.maxInflated = maxInflated;
    }

    /** A series of every field the exporter fills, for getting mappers ready before the first interval. */
    static MetricSeries sampleSeries() {
        return new MetricSeries().metric("gatewatch.prepare").type(MetricIntakeType.COUNT).interval(10L)
                .points(List.of(new MetricPoint().timestamp(0L).value(1.0)))
                .resources(List.of(new MetricResource().name("host").type("host")))
                .tags(List.of("key:value")).unit("request");
    }

    /** Runs the mapper once, so its first use is not in an interval's send. */
    void prepare() {
        jsonBytes(sampleSeries());
    }

    /** The JSON size of one series as the client will write it. */
    int jsonBytes(MetricSeries series) {
        try {
            return mapper.writeValueAsBytes(series).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise series " + series.getMetric(), e);
        }
    }

    /** The largest prefix of {@code pending} within both limits; {@code null} when nothing is pending. */
    Batch next(PendingIntervals pending) {
        int count = 0;
        long inflated = ENVELOPE_BYTES;
        Iterator<PendingIntervals.Entry> it = pending.entries();
        while (it.hasNext()) {
            PendingIntervals.Entry e = it.next();
            long more = e.jsonBytes() + (count > 0 ? 1 : 0);
            if (count > 0 && inflated + more > maxInflated) {
                break;
            }
            inflated += more;
            count++;
        }
        if (count == 0) {
            return null;
        }
        List<PendingIntervals.Entry> entries = pending.peek(count);
        if (count == 1 && inflated > maxInflated) {
            return batch(entries, inflated, -1, true);
        }
        // JSON this repetitive compresses several-fold, so a body whose inflated size already fits
        // the compressed limit needs no measuring.
        if (inflated <= maxCompressed - 1024) {
            return batch(entries, inflated, -1, false);
        }
        long compressed = compressedSize(entries);
        while (compressed > maxCompressed) {
            if (count == 1) {
                return batch(entries, inflated, compressed, true);
            }
            count = (int) Math.max(1, Math.min(count - 1, (long) (count * 0.9 * maxCompressed / compressed)));
            entries = entries.subList(0, count);
            inflated = inflatedSize(entries);
            compressed = compressedSize(entries);
        }
        return batch(entries, inflated, compressed, false);
    }

    private static Batch batch(List<PendingIntervals.Entry> entries, long inflated, long compressed, boolean tooLarge) {
        List<MetricSeries> series = new ArrayList<>(entries.size());
        for (PendingIntervals.Entry e : entries) {
            series.add(e.series());
        }
        return new Batch(series, entries.size(), inflated, compressed, tooLarge);
    }

    private static long inflatedSize(List<PendingIntervals.Entry> entries) {
        long n = ENVELOPE_BYTES + Math.max(0, entries.size() - 1);
        for (PendingIntervals.Entry e : entries) {
            n += e.jsonBytes();
        }
        return n;
    }

    /** Gzips the payload exactly as it will be written and counts the bytes. */
    long compressedSize(List<PendingIntervals.Entry> entries) {
        CountingStream counter = new CountingStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(counter, 8192)) {
            gzip.write("{\"series\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            boolean first = true;
            for (PendingIntervals.Entry e : entries) {
                if (!first) {
                    gzip.write(',');
                }
                first = false;
                gzip.write(mapper.writeValueAsBytes(e.series()));
            }
            gzip.write("]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
