package io.gatewatch.systemtests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What another JVM really holds: its heap in use right after a full collection, read with the JDK's jcmd. */
public final class JvmHeap {
    // G1: "garbage-first heap   total 262144K, used 15360K"; Serial: one line per generation
    private static final Pattern USED = Pattern.compile("(?:heap|generation)\\s+total \\d+K, used (\\d+)K");

    private JvmHeap() {
    }

    /** Heap in use, in bytes, right after a full GC of the JVM with this PID. */
    public static long afterFullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), String.valueOf(pid), "GC.run");
        String info = run(jcmd.toString(), String.valueOf(pid), "GC.heap_info");
        long used = 0;
        Matcher m = USED.matcher(info);
        while (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024;
        }
        if (used == 0) {
            throw new AssertionError("could not read the heap from jcmd:\n" + info);
        }
        return used;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
