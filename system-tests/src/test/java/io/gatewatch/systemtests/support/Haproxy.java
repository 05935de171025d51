package io.gatewatch.systemtests.support;

import io.gatewatch.testing.Peers;
import io.gatewatch.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HAProxy (Debian package) in front of gateway nodes, checking each node's readiness probe on
 * its status port, with its statistics page on a loopback port of its own.
 */
public final class Haproxy implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public final int port;
    private final int statsPort;
    private final PeerProcess process;

    private Haproxy(int port, int statsPort, PeerProcess process) {
        this.port = port;
        this.statsPort = statsPort;
        this.process = process;
    }

    /** One backend server: its name, front port and status port. */
    public record Server(String name, int port, int statusPort) {
    }

    public static Haproxy start(Path dir, int checkIntervalMillis, List<Server> servers) throws Exception {
        Path binary = Peers.require("haproxy", "apt-get install haproxy");
        Files.createDirectories(dir);
        int port = Ports.free();
        int statsPort = Ports.free();
        StringBuilder cfg = new StringBuilder()
                .append("global\n  maxconn 2000\n")
                .append("defaults\n  mode http\n  timeout connect 1s\n  timeout client 10s\n  timeout server 10s\n")
                // without it a check's whole time limit is its interval (300 ms): on a loaded machine a
                // healthy node's answer came later than that, so fall 1 took both nodes out and HAProxy
                // answered 503 itself. A node leaves on the 503 it answers, not on being slow
                .append("  timeout check 2s\n")
                // no retries, no redispatch: a request that reached a stopping node must succeed there
                .append("  retries 0\n")
                .append("frontend gateway\n  bind 127.0.0.1:").append(port).append("\n  default_backend nodes\n")
                .append("backend nodes\n  balance roundrobin\n  option httpchk GET /health/ready\n")
                .append("  http-check expect status 200\n");
        for (Server s : servers) {
            cfg.append("  server ").append(s.name()).append(" 127.0.0.1:").append(s.port())
                    .append(" check port ").append(s.statusPort()).append(" inter ").append(checkIntervalMillis)
                    .append("ms fall 1 rise 1\n");
        }
        cfg.append("listen stats\n  bind 127.0.0.1:").append(statsPort).append("\n  stats enable\n  stats uri /stats\n");
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, cfg.toString());
        PeerProcess p = PeerProcess.start("haproxy", dir, List.of(binary.toString(), "-db", "-f", config.toString()));
        Haproxy h = new Haproxy(port, statsPort, p);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                boolean allUp = true;
                for (Server s : servers) {
                    allUp &= "UP".equals(h.serverStatus(s.name()));
                }
                if (allUp) {
                    return h;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (!p.alive() || System.nanoTime() > deadline) {
                p.close();
                throw new AssertionError("haproxy did not see every server UP:\n" + p.log() + "\n" + cfg);
            }
            Thread.sleep(50);
        }
    }

    /** The statistics CSV row of one backend server, by column name. */
    public Map<String, String> server(String name) throws Exception {
        String csv = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String[] lines = csv.split("\n");
        String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            if (cells.length > 1 && cells[0].equals("nodes") && cells[1].equals(name)) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < Math.min(header.length, cells.length); i++) {
                    row.put(header[i], cells[i]);
                }
                return row;
            }
        }
        throw new AssertionError("no server " + name + " in\n" + csv);
    }

    /** UP, DOWN, ... as HAProxy sees the server now. */
    public String serverStatus(String name) throws Exception {
        return server(name).get("status");
    }

    /** Every HTTP response this server gave through HAProxy (1xx to 5xx and other). */
    public long responses(String name) throws Exception {
        Map<String, String> row = server(name);
        long sum = 0;
        for (String col : List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")) {
            String v = row.get(col);
            sum += v == null || v.isEmpty() ? 0 : Long.parseLong(v);
        }
        return sum;
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
