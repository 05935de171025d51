package io.gatewatch.testing.postgres;

import io.gatewatch.testing.Peers;
import io.gatewatch.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for one test class: the distribution's binaries ({@code .ci/install-peers}
 * installs the Debian package), a cluster initialised in a temporary directory, listening on a
 * free loopback port only, with password authentication over TCP. When the build runs as root the
 * server runs as the unprivileged {@code postgres} user ({@code initdb} refuses root). It is
 * stopped by the PID in its {@code postmaster.pid}, and can be stopped and started again on the
 * same data and port (an outage).
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *     pg.createDatabase("gatewatch", "gatewatch", "s3cret");
 *     String url = pg.jdbcUrl("gatewatch");
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser's name and password (TCP connections need a password, as in production). */
    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "superuser-secret";
    private static final Path DISTRIBUTION = Path.of("/usr/lib/postgresql");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private Process process;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Initialises a cluster in a temporary directory and starts it; skips the test (fails on CI) without PostgreSQL. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries().orElseGet(() -> Peers.missing(
                "PostgreSQL is not installed under " + DISTRIBUTION + "; run: bash .ci/install-peers"));
        Path dir = Files.createTempDirectory("gatewatch-postgres-");
        PostgresServer server = new PostgresServer(bin, dir, Ports.free());
        server.init();
        server.startServer();
        return server;
    }

    /** The newest major version the distribution installed. */
    static Optional<Path> binaries() throws IOException {
        if (!Files.isDirectory(DISTRIBUTION)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DISTRIBUTION)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void init() throws IOException, InterruptedException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n");
        if (ROOT) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
        }
        run(asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync"), Duration.ofSeconds(60));
        Files.delete(pwfile);
    }

    /** Starts the server (again) on its data and port, and waits until it accepts connections. */
    public synchronized void startServer() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = dir.resolve("postgres.log");
        // tuned for tests: durability off, a socket directory of its own, loopback TCP only
        process = new ProcessBuilder(asServerUser(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=60", "-c", "shared_buffers=32MB"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                    String.valueOf(port), "-t", "1").redirectErrorStream(true).start();
            if (ready.waitFor() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("postgres not ready within 60 s:\n" + Files.readString(log));
    }

    /** Stops the server by its PID (a fast shutdown: sessions are ended) and waits until it is gone. */
    public synchronized void stopServer() throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
        if (postmaster.isEmpty()) {
            return;
        }
        run(List.of("kill", "-INT", String.valueOf(pid)), Duration.ofSeconds(10));
        postmaster.get().onExit().toCompletableFuture().join();
        if (process != null) {
            process.waitFor();
        }
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for a database on this server (no credentials in it). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a role with a password and a database it owns, so it may create its schema. */
    public void createDatabase(String database, String owner, String password) throws IOException, InterruptedException {
        psql("postgres", "CREATE ROLE \"" + owner + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        psql("postgres", "CREATE DATABASE \"" + database + "\" OWNER \"" + owner + "\"");
    }

    /** Runs SQL as the superuser in {@code database}; returns the unaligned, tuples-only output. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        List<String> command = List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", SUPERUSER, "-d", database, "-c", sql);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", SUPERUSER_PASSWORD);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed on '" + sql + "': " + out);
        }
        return out.trim();
    }

    private List<String> asServerUser(String... command) {
        List<String> out = new ArrayList<>();
        if (ROOT) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        stopServer();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
