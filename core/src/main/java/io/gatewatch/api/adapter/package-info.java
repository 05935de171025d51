/**
 * What every gateway adapter shares, so that a dashboard reads the same whichever gateway records
 * into it: route handles resolved once per route ({@link io.gatewatch.api.adapter.RouteHandles}),
 * who answered ({@link io.gatewatch.api.adapter.SourceRules}) and the sampled incoming trace
 * context ({@link io.gatewatch.api.adapter.SampledTraceParent}). The rules are written out in the
 * README's "Adapters: one rule set" section.
 */
@NullMarked
package io.gatewatch.api.adapter;

import org.jspecify.annotations.NullMarked;
