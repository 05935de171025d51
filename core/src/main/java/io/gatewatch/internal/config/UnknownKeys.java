package io.gatewatch.internal.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Finds settings that no {@code reference.conf} declares: typos such as {@code prefx} would
 * otherwise be ignored silently. Works by walking the effective config beside the merged
 * reference (every jar's defaults), so each plugin jar's reference.conf declares its own keys.
 *
 * <p>An object that a reference.conf declares empty ({@code tags {}}) is a free-form map;
 * {@code exporters {}} is not, because there each key names a plugin.
 */
public final class UnknownKeys {
    /** Parents whose children are plugins, not free-form entries. */
    private static final Set<String> PLUGIN_CONTAINERS = Set.of("gatewatch.exporters");

    private UnknownKeys() {
    }

    /**
     * @param actual    the effective {@code gatewatch} object (user settings over the reference)
     * @param reference the merged reference {@code gatewatch} object
     * @param tolerated unknown paths not to report (settings of plugins whose jar is absent)
     */
    public static List<ConfigProblem> find(ConfigObject actual, ConfigObject reference, Predicate<String> tolerated) {
        List<ConfigProblem> problems = new ArrayList<>();
        walk(actual, reference, "gatewatch", tolerated, problems);
        return problems;
    }

    private static void walk(ConfigObject actual, ConfigObject reference, String path, Predicate<String> tolerated,
                             List<ConfigProblem> problems) {
        for (String key : new TreeSet<>(actual.keySet())) {
            String childPath = path + "." + ConfigUtil.joinPath(key);
            ConfigValue a = actual.get(key);
            ConfigValue r = reference.get(key);
            if (r == null) {
                if (tolerated.test(childPath)) {
                    continue;
                }
                problems.add(ConfigProblem.at(a.origin(), childPath, unknown(key, reference.keySet(), path)));
            } else if (r.valueType() == ConfigValueType.OBJECT) {
                if (a.valueType() != ConfigValueType.OBJECT) {
                    problems.add(ConfigProblem.at(a.origin(), childPath, "expected an object"
                            + keysHint((ConfigObject) r) + ", found " + SettingsReader.found(key, a)));
                } else if (!isFreeForm(childPath, (ConfigObject) r)) {
                    walk((ConfigObject) a, (ConfigObject) r, childPath, tolerated, problems);
                }
            } else if (a.valueType() == ConfigValueType.OBJECT && r.valueType() != ConfigValueType.NULL) {
                problems.add(ConfigProblem.at(a.origin(), childPath, "expected "
                        + r.valueType().name().toLowerCase(Locale.ROOT) + ", found an object"));
            }
        }
    }

    private static boolean isFreeForm(String path, ConfigObject reference) {
        return path.equals("gatewatch.common-tags") || reference.isEmpty() && !PLUGIN_CONTAINERS.contains(path);
    }

    private static String unknown(String key, Set<String> known, String parent) {
        String message = "unknown setting (no reference.conf on the classpath declares it";
        if (PLUGIN_CONTAINERS.contains(parent)) {
            message += "; is the plugin's jar on the classpath?";
        }
        String suggestion = closest(key, known);
        return message + ")" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?");
    }

    private static String keysHint(ConfigObject reference) {
        return reference.isEmpty() ? "" : " with keys " + new TreeSet<>(reference.keySet());
    }

    /** The known key within edit distance 2, if any: catches {@code prefx}, {@code enabeld}. */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : new TreeSet<>(known)) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
