/**
 * The ground floor: the exceptions every feature throws for "no such thing" and "already exists",
 * and {@link dev.palisade.common.BulkRows}, which moves many rows in few round trips. Depends on no
 * feature.
 */
package dev.palisade.common;
