package io.gatewatch.internal.runtime;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A read-only set that core fills once, after every plugin is wired, with what all of them
 * contributed; injected before it is filled (a plugin's singletons are built as its module is
 * wired), read from {@code Lifecycle.start()} on.
 */
final class GatheredSet<T> extends AbstractSet<T> {
    private volatile Set<T> items = Set.of();

    void fill(Collection<? extends T> all) {
        items = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(all));
    }

    @Override
    public Iterator<T> iterator() {
        return items.iterator();
    }

    @Override
    public int size() {
        return items.size();
    }
}
