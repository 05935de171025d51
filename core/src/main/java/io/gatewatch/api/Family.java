package io.gatewatch.api;

/**
 * A labelled metric: resolve a series once with {@link #labels(String...)} and keep it.
 *
 * @param <S> the series handle type
 */
public interface Family<S> {
    /**
     * Resolves the series for these label values (in the order the family declared its label
     * names). Values are normalised; past the family's series cap the offending value becomes
     * {@code other}. Resolution may allocate; keep the result.
     */
    S labels(String... values);
}
