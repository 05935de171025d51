package io.gatewatch.probes.internal;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates probes on a thread of their own, apart from the workers that run {@code /status},
 * {@code /metrics} and other routes, so no flood of any route can make a probe wait for a worker
 * or a queue slot.
 *
 * <p>A probe's verdict only reads state the health registry already holds (the lifecycle and
 * the checks' last results), so an evaluation takes microseconds. Requests for the same probe
 * that arrive while one is evaluated wait for the next evaluation, which starts when the running
 * one ends: every answer is computed after its request arrived, and a flood of {@code N} probes
 * costs at most one evaluation in flight and one pending per probe, not {@code N}. A health
 * registry that hangs holds only the probes (each answered 503 at its time limit by the
 * dispatcher), never the event loop.
 *
 * <p>Confined to the listener's one event loop: every method is called there, so nothing needs a lock.
 */
final class ProbeEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeEvaluator.class);

    private final ProbeDocuments documents;
    private final Executor thread;
    private final Map<ProbeKind, Slot> slots = new EnumMap<>(ProbeKind.class);

    /** @param thread runs evaluations one at a time; used by nothing else */
    ProbeEvaluator(ProbeDocuments documents, Executor thread) {
        this.documents = documents;
        this.thread = thread;
        for (ProbeKind kind : ProbeKind.values()) {
            slots.put(kind, new Slot());
        }
    }

    /** A request waiting for a verdict; {@link #cancel} it when its time is up. */
    static final class Waiter {
        private final Consumer<ProbeDocuments.Verdict> done;
        private boolean cancelled;

        private Waiter(Consumer<ProbeDocuments.Verdict> done) {
            this.done = done;
        }
    }

    private static final class Slot {
        boolean running;
        List<Waiter> next = new ArrayList<>();
    }

    /** Calls {@code done} on {@code loop} with a verdict computed after this call, unless cancelled first. */
    Waiter evaluate(ProbeKind kind, EventExecutor loop, Consumer<ProbeDocuments.Verdict> done) {
        Waiter waiter = new Waiter(done);
        Slot slot = slots.get(kind);
        slot.next.add(waiter);
        if (!slot.running) {
            start(kind, slot, loop);
        }
        return waiter;
    }

    /** Forgets a waiter whose time is up, so a hung registry cannot make the waiting list grow. */
    void cancel(ProbeKind kind, Waiter waiter) {
        waiter.cancelled = true;
        slots.get(kind).next.remove(waiter);
    }

    private void start(ProbeKind kind, Slot slot, EventExecutor loop) {
        List<Waiter> batch = slot.next;
        slot.next = new ArrayList<>();
        slot.running = true;
        try {
            thread.execute(() -> {
                ProbeDocuments.Verdict verdict = evaluateSafely(kind);
                try {
                    loop.execute(() -> finish(kind, slot, batch, verdict, loop));
                } catch (RejectedExecutionException loopStopped) {
                    // the listener stopped while this ran: its connections are closed already
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the listener is stopping: its connections close, nobody waits for an answer
            slot.running = false;
        }
    }

    private void finish(ProbeKind kind, Slot slot, List<Waiter> batch, ProbeDocuments.Verdict verdict,
                        EventExecutor loop) {
        slot.running = false;
        for (Waiter waiter : batch) {
            if (!waiter.cancelled) {
                waiter.done.accept(verdict);
            }
        }
        if (!slot.next.isEmpty()) {
            start(kind, slot, loop);
        }
    }

    private ProbeDocuments.Verdict evaluateSafely(ProbeKind kind) {
        try {
            return documents.evaluate(kind);
        } catch (RuntimeException | LinkageError e) {
            LOG.atWarn().addKeyValue("probe", kind).addKeyValue("error", e.getClass().getName())
                    .log("probe evaluation failed; answered down");
            return documents.failed("evaluation failed");
        }
    }
}
