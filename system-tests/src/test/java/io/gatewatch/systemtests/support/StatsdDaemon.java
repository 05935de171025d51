package io.gatewatch.systemtests.support;

import io.gatewatch.testing.Peers;
import io.gatewatch.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference StatsD daemon (etsy statsd 0.9) on a loopback port, logging every line it
 * receives as it receives it ({@code dumpMessages}), so what it got survives even a SIGKILL.
 * It can be killed and started again on the same port.
 */
public final class StatsdDaemon implements AutoCloseable {
    private static final Pattern RECEIVED = Pattern.compile("(?m)DEBUG: (.*)$");

    private final Path dir;
    private final Path script;
    public final int port;
    private final List<PeerProcess> runs = new ArrayList<>();
    private PeerProcess current;

    private StatsdDaemon(Path dir, Path script, int port) {
        this.dir = dir;
        this.script = script;
        this.port = port;
    }

    public static StatsdDaemon start(Path dir) throws Exception {
        Path script = Peers.statsdScript();
        Files.createDirectories(dir);
        StatsdDaemon daemon = new StatsdDaemon(dir, script, Ports.free());
        daemon.startAgain();
        return daemon;
    }

    /** Starts the daemon (again) on the same port and waits until it listens. */
    public void startAgain() throws Exception {
        int n = runs.size() + 1;
        Path config = dir.resolve("statsd-" + n + ".js");
        Files.writeString(config, "{ address: \"127.0.0.1\", port: " + port + ", mgmt_address: \"127.0.0.1\", mgmt_port: "
                + Ports.free() + ", flushInterval: 1000, dumpMessages: true, backends: [] }\n");
        current = PeerProcess.start("statsd-" + n, dir, List.of(Peers.require("node", "apt-get install nodejs").toString(),
                script.toString(), config.toString()));
        runs.add(current);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!current.log().contains("server is up")) {
            if (!current.alive() || System.nanoTime() > deadline) {
                throw new AssertionError("statsd did not start:\n" + current.log());
            }
            Thread.sleep(50);
        }
    }

    /** SIGKILL: whatever it received is in its log already; nothing else is flushed. */
    public void kill() throws InterruptedException {
        current.kill();
    }

    /** Every line received by every run of the daemon. */
    public List<String> received() {
        List<String> out = new ArrayList<>();
        for (PeerProcess run : runs) {
            Matcher m = RECEIVED.matcher(run.log());
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The sum of the received counter lines {@code name:value|c|#tags} whose tags pass the filter. */
    public double counterSum(String name, Predicate<Set<String>> tags) {
        double sum = 0;
        for (String line : received()) {
            if (!line.startsWith(name + ":")) {
                continue;
            }
            String[] parts = line.substring(name.length() + 1).split("\\|");
            if (parts.length < 2 || !parts[1].equals("c")) {
                continue;
            }
            Set<String> t = new HashSet<>();
            for (String p : parts) {
                if (p.startsWith("#")) {
                    t.addAll(Arrays.asList(p.substring(1).split(",")));
                }
            }
            if (tags.test(t)) {
                sum += Double.parseDouble(parts[0]);
            }
        }
        return sum;
    }

    @Override
    public void close() throws InterruptedException {
        for (PeerProcess run : runs) {
            run.close();
        }
    }
}
