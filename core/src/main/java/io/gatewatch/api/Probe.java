package io.gatewatch.api;

/** The probe kinds Kubernetes and load balancers ask about. */
public enum Probe { LIVENESS, READINESS, STARTUP }
