package io.gatewatch.spring.gateway.it;

import io.gatewatch.testing.prometheus.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The client side of the tests: a keep-alive HTTP client and the status listener's /metrics. */
public final class GatewayHarness {
    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHarness() {
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<byte[]> get(int port, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public static PrometheusText metrics(int statusPort) {
        HttpResponse<byte[]> r = get(statusPort, "/metrics");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        return new PrometheusText(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Reads one HTTP/1.1 response off a kept-alive socket, its body sized by Content-Length or
     * chunked, and returns its status.
     */
    public static int readResponse(InputStream in) throws IOException {
        String head = readLine(in, true);
        int status = Integer.parseInt(head.split(" ")[1]);
        int length = 0;
        boolean chunked = false;
        for (String line = readLine(in, true); !line.isEmpty(); line = readLine(in, true)) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            in.readNBytes(length);
            return status;
        }
        for (int size = Integer.parseInt(readLine(in, false).trim(), 16); size > 0;
             size = Integer.parseInt(readLine(in, false).trim(), 16)) {
            in.readNBytes(size);
            readLine(in, false);
        }
        while (!readLine(in, false).isEmpty()) {
            // trailers
        }
        return status;
    }

    private static String readLine(InputStream in, boolean inHead) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < 2 || line.charAt(line.length() - 2) != '\r' || line.charAt(line.length() - 1) != '\n') {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-response" + (inHead ? " (in its head)" : ""));
            }
            line.append((char) b);
        }
        return line.substring(0, line.length() - 2);
    }

    public static Map<String, String> labels(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** {@code base}'s labels and more. */
    public static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>(base);
        m.putAll(labels(kv));
        return m;
    }
}
