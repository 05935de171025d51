/**
 * The read side exporters see: an immutable {@link io.gatewatch.snapshot.Snapshot} of metric
 * families, each with its descriptor (name, type, unit, labels) and points. Depends only on
 * {@code io.gatewatch.api} (for {@link io.gatewatch.api.Unit} and trace ids). Nothing is null
 * unless marked {@code @Nullable}.
 */
@NullMarked
package io.gatewatch.snapshot;

import org.jspecify.annotations.NullMarked;
