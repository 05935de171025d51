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
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
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
