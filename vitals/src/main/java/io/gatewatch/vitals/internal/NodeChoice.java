package io.gatewatch.vitals.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which nodes an answer adds up, from the {@code node=} parameter: {@code all} (the cluster), or
 * one or more node ids, comma-separated. Without the parameter: the cluster when the store is
 * shared, this node otherwise. With the memory store this node is the only one there is, so
 * {@code all} and this node's id both mean it.
 *
 * @param local whether the answer comes from this node's memory
 * @param ids   the chosen nodes of the shared store; null for all of them
 * @param label the choice as the summary reports it
 */
record NodeChoice(boolean local, List<UUID> ids, String label) {
    static final int MAX_NODES = 1_000;

    static NodeChoice parse(String raw, boolean shared, String localNodeId) throws SeriesQuery.BadRequest {
        if (raw == null || raw.isBlank() || raw.trim().equals("all")) {
            return shared ? new NodeChoice(false, null, "all") : new NodeChoice(true, null, null);
        }
        if (!shared) {
            for (String id : raw.split(",", -1)) {
                if (!id.trim().equals(localNodeId)) {
                    throw new SeriesQuery.BadRequest("unknown node '" + SeriesQuery.clip(id.trim()) + "'; the store is this node's "
                            + "memory (gatewatch.vitals.store = memory): node=all or node=" + localNodeId);
                }
            }
            return new NodeChoice(true, null, null);
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String id : raw.split(",", -1)) {
            try {
                ids.add(UUID.fromString(id.trim()));
            } catch (IllegalArgumentException e) {
                throw new SeriesQuery.BadRequest("node must be all or node ids (as /vitals/nodes lists them), "
                        + "comma-separated; got '" + SeriesQuery.clip(id.trim()) + "'");
            }
        }
        if (ids.size() > MAX_NODES) {
            throw new SeriesQuery.BadRequest("at most " + MAX_NODES + " node ids, got " + ids.size());
        }
        List<UUID> list = new ArrayList<>(ids);
        return new NodeChoice(false, list, String.join(",", list.stream().map(UUID::toString).toList()));
    }
}
