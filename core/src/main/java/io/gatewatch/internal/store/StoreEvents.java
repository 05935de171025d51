package io.gatewatch.internal.store;

/** What the store tells its self-metrics about labels it had to change. */
interface StoreEvents {
    /** A value of {@code label} was folded into {@code other} because {@code metric} reached its cap. */
    void folded(String metric, String label);

    /** A value of {@code label} was empty, oversized or out of range and was replaced. */
    void invalid(String metric, String label);

    StoreEvents NONE = new StoreEvents() {
        @Override
        public void folded(String metric, String label) {
        }

        @Override
        public void invalid(String metric, String label) {
        }
    };
}
