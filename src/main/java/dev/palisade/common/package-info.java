/**
 * The ground floor: the exceptions every feature throws for "no such thing" and "already exists",
 * {@link dev.palisade.common.Excerpts}, which bounds what an error message echoes of a request, and
 * {@link dev.palisade.common.BulkRows}, which moves many rows in few round trips (their rows made
 * as they are written by {@link dev.palisade.common.LazyList}), and {@link
 * dev.palisade.common.DatabaseStatus}, whether the database can be reached, with the 503 answers
 * given while it cannot ({@link dev.palisade.common.UnavailableAnswers}). Depends on no feature.
 */
package dev.palisade.common;
