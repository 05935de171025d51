package io.gatewatch.probes.internal;

import static io.gatewatch.probes.FakeHealth.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.Probe;
import io.gatewatch.probes.FakeHealth;
import io.gatewatch.testing.TestRuntime;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The probe evaluator's bookkeeping, step by step: a manual probe thread, an event loop that runs at once. */
class ProbeEvaluatorTest {
    private final FakeHealth health = new FakeHealth();
    private final ArrayDeque<Runnable> probeThread = new ArrayDeque<>();
    private final Executor manual = probeThread::add;
    private final ProbeEvaluator evaluator = new ProbeEvaluator(
            new ProbeDocuments(health, new TestRuntime(), new Redactor(List.of())), manual);
    private final List<String> answers = new ArrayList<>();

    private void db(HealthStatus status) {
        health.components(component("db", status, List.of(Probe.LIVENESS, Probe.READINESS), List.of(), Map.of()));
    }

    private ProbeEvaluator.Waiter ask(String who, ProbeKind kind) {
        return evaluator.evaluate(kind, ImmediateEventExecutor.INSTANCE, v -> answers.add(who + ":" + v.status()));
    }

    private void runProbeThread() {
        probeThread.poll().run();
    }

    @Test
    void probesArrivingDuringAnEvaluationShareTheNextOneWhichStartsAfterThem() {
        db(HealthStatus.HEALTHY);
        ask("a", ProbeKind.LIVENESS);
        assertThat(probeThread).hasSize(1);
        // b and c arrive while a's evaluation waits for the probe thread; the state changes meanwhile
        ask("b", ProbeKind.LIVENESS);
        ask("c", ProbeKind.LIVENESS);
        assertThat(probeThread).as("one evaluation in flight per probe").hasSize(1);
        db(HealthStatus.DOWN);
        runProbeThread();
        // a's evaluation ran after the change too: it started after a arrived, which is all a needs
        assertThat(answers).containsExactly("a:DOWN");
        assertThat(probeThread).as("b and c's evaluation starts when a's ends").hasSize(1);
        db(HealthStatus.HEALTHY);
        runProbeThread();
        assertThat(answers).containsExactly("a:DOWN", "b:UP", "c:UP");
        assertThat(probeThread).isEmpty();
        assertThat(health.probeCalls.get()).as("three probes, two evaluations").isEqualTo(2);
    }

    @Test
    void eachProbeHasItsOwnSlotAndACancelledWaiterIsForgotten() {
        db(HealthStatus.HEALTHY);
        ask("live", ProbeKind.LIVENESS);
        ask("ready", ProbeKind.READINESS);
        assertThat(probeThread).as("liveness does not wait for readiness").hasSize(2);
        ProbeEvaluator.Waiter late = ask("late", ProbeKind.LIVENESS);
        evaluator.cancel(ProbeKind.LIVENESS, late); // its time ran out
        runProbeThread();
        runProbeThread();
        assertThat(answers).containsExactly("live:UP", "ready:UP");
        assertThat(probeThread).as("nobody waits for another liveness evaluation").isEmpty();
    }

    @Test
    void anEvaluationThatThrowsAnswersDownAndTheNextOneRuns() {
        HealthView broken = new HealthView() {
            public List<ComponentHealth> components() {
                return List.of();
            }

            public HealthStatus overall() {
                return HealthStatus.HEALTHY;
            }

            public ProbeReport probe(Probe probe) {
                throw new IllegalStateException("registry broken");
            }

            public void addListener(Listener listener) {
            }
        };
        ProbeEvaluator failing = new ProbeEvaluator(new ProbeDocuments(broken, new TestRuntime(), new Redactor(List.of())),
                manual);
        failing.evaluate(ProbeKind.READINESS, ImmediateEventExecutor.INSTANCE, v -> answers.add(v.up() + " " + v.status()));
        runProbeThread();
        failing.evaluate(ProbeKind.READINESS, ImmediateEventExecutor.INSTANCE, v -> answers.add(v.up() + " " + v.status()));
        runProbeThread();
        assertThat(answers).containsExactly("false DOWN", "false DOWN");
    }
}
