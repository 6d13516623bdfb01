/**
 * Zone transfers to standard secondaries: each served zone rendered as ordinary records ({@link
 * dev.palisade.transfer.ServedZones}, {@link dev.palisade.transfer.ZoneImage}) and its difference
 * between two serials from the change feed ({@link dev.palisade.transfer.ZoneDelta}).
 */
package dev.palisade.transfer;
