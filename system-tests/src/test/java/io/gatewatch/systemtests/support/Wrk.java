package io.gatewatch.systemtests.support;

import io.gatewatch.testing.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The wrk load generator (Debian package), run for a bounded time, its summary parsed. */
public final class Wrk {
    /** What one run reported. {@code extra} holds the {@code key=value} lines a Lua script printed. */
    public record Result(long requests, double requestsPerSecond, long connectErrors, long readErrors,
                         long writeErrors, long timeouts, long non2xx3xx, double p99Millis, Map<String, Long> extra,
                         long elapsedMillis, String output) {
        /** Requests per second over the time wrk really ran (it may end early, see {@link #run}). */
        public double measuredRate() {
            return requests * 1000.0 / Math.max(1, elapsedMillis);
        }

        public long socketErrors() {
            return connectErrors + readErrors + writeErrors + timeouts;
        }

        public long extra(String key) {
            Long v = extra.get(key);
            if (v == null) {
                throw new AssertionError("wrk script printed no " + key + ":\n" + output);
            }
            return v;
        }
    }

    private final Path binary;

    private Wrk(Path binary) {
        this.binary = binary;
    }

    public static Wrk find() {
        return new Wrk(Peers.require("wrk", "apt-get install wrk"));
    }

    /** Copies a Lua script from the test resources into {@code dir}. */
    public static Path script(Path dir, String resource) throws IOException {
        Path out = dir.resolve(resource);
        try (InputStream in = Wrk.class.getResourceAsStream("/io/gatewatch/systemtests/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no script " + resource);
            }
            Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    /**
     * Runs wrk against {@code url} for at most {@code seconds}, with the given script (or none)
     * and script arguments; blocks until it ends. wrk itself always sleeps its whole duration, so
     * a script that stops its threads early writes a file {@code wrk-done-<thread>} into the working
     * directory; once every thread has, wrk gets SIGINT and prints its summary at once.
     */
    public Result run(Path dir, String url, int threads, int connections, int seconds, Path script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--timeout", "5s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        if (args.length > 0) {
            command.add("--");
            command.addAll(List.of(args));
        }
        for (int i = 0; i < threads; i++) {
            Files.deleteIfExists(dir.resolve("wrk-done-" + i));
        }
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("wrk.out").toFile()).start();
        long elapsed = -1;
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 30L);
            boolean interrupted = false;
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (!interrupted && allDone(dir, threads)) {
                    elapsed = System.nanoTime() - start;
                    new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
                    interrupted = true;
                }
                p.waitFor(50, TimeUnit.MILLISECONDS);
            }
            if (p.isAlive()) {
                throw new AssertionError("wrk did not end within its duration + 30 s");
            }
            if (elapsed < 0) {
                elapsed = System.nanoTime() - start;
            }
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("wrk.out"));
        if (p.exitValue() != 0) {
            throw new AssertionError("wrk failed (" + p.exitValue() + "):\n" + out);
        }
        return parse(out, TimeUnit.NANOSECONDS.toMillis(elapsed));
    }

    private static boolean allDone(Path dir, int threads) {
        for (int i = 0; i < threads; i++) {
            if (!Files.exists(dir.resolve("wrk-done-" + i))) {
                return false;
            }
        }
        return true;
    }

    static Result parse(String out, long elapsedMillis) {
        long requests = group(out, "(\\d+) requests in");
        double rps = Double.parseDouble(text(out, "Requests/sec:\\s+([\\d.]+)", "0"));
        long connect = 0;
        long read = 0;
        long write = 0;
        long timeout = 0;
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (m.find()) {
            connect = Long.parseLong(m.group(1));
            read = Long.parseLong(m.group(2));
            write = Long.parseLong(m.group(3));
            timeout = Long.parseLong(m.group(4));
        }
        long non2xx = Long.parseLong(text(out, "Non-2xx or 3xx responses: (\\d+)", "0"));
        double p99 = millis(text(out, "\\n\\s+99%\\s+([\\d.]+\\w+)", "0ms"));
        Map<String, Long> extra = new HashMap<>();
        Matcher e = Pattern.compile("(?m)^([a-z_]+)=(\\d+)$").matcher(out);
        while (e.find()) {
            extra.put(e.group(1), Long.parseLong(e.group(2)));
        }
        return new Result(requests, rps, connect, read, write, timeout, non2xx, p99, extra, elapsedMillis, out);
    }

    private static double millis(String v) {
        Matcher m = Pattern.compile("([\\d.]+)(us|ms|s|m)").matcher(v);
        if (!m.matches()) {
            return Double.NaN;
        }
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> n / 1000;
            case "ms" -> n;
            case "s" -> n * 1000;
            default -> n * 60_000;
        };
    }

    private static long group(String out, String regex) {
        return Long.parseLong(text(out, regex, "-1"));
    }

    private static String text(String out, String regex, String absent) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? m.group(1) : absent;
    }
}
