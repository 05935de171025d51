package io.gatewatch.internal.config;

import com.typesafe.config.ConfigException;
import java.util.List;

/**
 * Start-up refused because of the configuration. Lists every problem found, each with its file
 * and line, so a user fixes all of them in one round instead of one per restart.
 */
public final class GatewatchConfigException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public GatewatchConfigException(List<ConfigProblem> problems) {
        super(message(sorted(problems)));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        this.problems = sorted(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** By file, then line, so the report reads like the file; problems without an origin last. */
    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        List<ConfigProblem> copy = new java.util.ArrayList<>(problems);
        copy.sort(java.util.Comparator.comparing((ConfigProblem p) -> p.origin().isEmpty())
                .thenComparing(ConfigProblem::source)
                .thenComparingInt(ConfigProblem::line));
        return List.copyOf(copy);
    }

    private static String message(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder("Invalid gatewatch configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (ConfigProblem p : problems) {
            sb.append("\n  - ").append(p.render());
        }
        return sb.toString();
    }
}
