/**
 * Prometheus metrics: binds the running totals that DNS, the index, the store, imports and sign-in
 * keep in plain Java to Micrometer meters, named as CoreDNS and NSD name theirs, with a small fixed
 * set of label values. Served at {@code /actuator/prometheus} to operators only.
 */
package dev.palisade.metrics;
