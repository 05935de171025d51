package io.gatewatch.exporter.datadog;

import com.datadog.api.client.v2.model.MetricSeries;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A sender that answers from a script (then accepts) and remembers every call. */
final class ScriptedSender implements SeriesSender {
    final List<List<MetricSeries>> calls = new ArrayList<>();
    final List<List<MetricSeries>> accepted = new ArrayList<>();
    private final Deque<SendOutcome> script = new ArrayDeque<>();
    private SendOutcome otherwise = SendOutcome.accepted(202);
    int closes;

    ScriptedSender then(SendOutcome... outcomes) {
        script.addAll(List.of(outcomes));
        return this;
    }

    ScriptedSender otherwise(SendOutcome outcome) {
        otherwise = outcome;
        return this;
    }

    @Override
    public SendOutcome send(List<MetricSeries> series) {
        calls.add(List.copyOf(series));
        SendOutcome o = script.isEmpty() ? otherwise : script.pollFirst();
        if (o.kind() == SendOutcome.Kind.ACCEPTED) {
            accepted.add(List.copyOf(series));
        }
        return o;
    }

    @Override
    public void close() {
        closes++;
    }

    static SendOutcome status(int status) {
        return SendOutcome.ofStatus(status, null, "{\"errors\":[\"status " + status + "\"]}");
    }
}
