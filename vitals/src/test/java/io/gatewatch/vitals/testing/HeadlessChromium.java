package io.gatewatch.vitals.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.Peers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol with the JDK's own HTTP and WebSocket
 * clients: navigate, evaluate JavaScript, take screenshots. No driver download, no extra
 * dependency. Started on loopback with a fresh profile, stopped by its process in {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/lib/chromium/chromium");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * The Chromium binary ({@code CHROMIUM_BIN} or a usual path). Without one the calling test is
     * skipped on a developer machine and fails when {@code CI} is set: CI must install
     * {@code chromium} (Debian package).
     */
    public static Path binary() {
        String configured = System.getenv("CHROMIUM_BIN");
        Stream<String> paths = configured != null ? Stream.of(configured) : CANDIDATES.stream();
        Path found = paths.map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (found == null) {
            return Peers.missing("headless Chromium not found (looked at " + (configured != null ? configured : CANDIDATES)
                    + "); install the Debian package 'chromium' or set CHROMIUM_BIN");
        }
        return found;
    }

    public static HeadlessChromium start(int width, int height) throws Exception {
        Path binary = binary();
        Path profile = Files.createTempDirectory("vitals-chromium-");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            // generous: on a busy two-core machine Chromium may take many seconds to start
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium did not open its DevTools port; log:\n"
                            + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String pageSocket = null;
            while (pageSocket == null) {
                String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode target : Json.read(list)) {
                    if ("page".equals(target.path("type").textValue())) {
                        pageSocket = target.path("webSocketDebuggerUrl").textValue();
                    }
                }
                if (pageSocket == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Chromium opened no page target; targets:\n" + list);
                    }
                    Thread.sleep(50);
                }
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        self[0].dispatch(message.toString());
                        message.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, socket);
            return self[0];
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private void dispatch(String text) {
        JsonNode message = Json.read(text);
        // events carry no id; only answers to our commands do
        if (message.path("id").isIntegralNumber()) {
            CompletableFuture<JsonNode> f = pending.remove(message.path("id").intValue());
            if (f != null) {
                f.complete(message);
            }
        }
    }

    /** Sends one DevTools command and returns its {@code result}; throws on a protocol error. */
    public JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode command = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        socket.sendText(Json.MAPPER.writeValueAsString(command), true).join();
        JsonNode reply = f.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    private static ObjectNode params() {
        return Json.MAPPER.createObjectNode();
    }

    public void navigate(String url) throws Exception {
        call("Page.navigate", params().put("url", url));
    }

    /**
     * Evaluates a JavaScript expression in the page and returns its value as a plain Java value
     * (String, Long, Double, Boolean or null).
     */
    public Object eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
        }
        return Json.plain(result.path("result").path("value"));
    }

    /** Polls {@code condition} (a JavaScript boolean expression) until it holds; a throwing condition counts as false. */
    public void await(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(evalOrNull(condition))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + condition + "; page state: "
                        + evalOrNull("document.body ? document.body.getAttribute('data-state') + ' ' "
                        + "+ document.body.getAttribute('data-error') : 'no body'"));
            }
            Thread.sleep(100);
        }
    }

    private Object evalOrNull(String expression) throws Exception {
        try {
            return eval(expression);
        } catch (IllegalStateException e) {
            return null; // the page is still loading (no body yet, a navigation in flight)
        }
    }

    /** A PNG of the whole page at the window's width. */
    public void screenshot(Path file) throws Exception {
        Object height = eval("Math.ceil(document.documentElement.scrollHeight)");
        Object width = eval("window.innerWidth");
        call("Emulation.setDeviceMetricsOverride", params().put("width", ((Number) width).longValue())
                .put("height", ((Number) height).longValue()).put("deviceScaleFactor", 1).put("mobile", false));
        JsonNode shot = call("Page.captureScreenshot", params().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").textValue()));
        call("Emulation.clearDeviceMetricsOverride", params());
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
