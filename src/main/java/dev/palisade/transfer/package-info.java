/**
 * Zone transfers to standard secondaries: each served zone rendered as ordinary records ({@link
 * dev.palisade.transfer.ServedZones}, {@link dev.palisade.transfer.ZoneImage}) and its difference
 * between two serials from the change feed ({@link dev.palisade.transfer.ZoneDelta}); the protocol
 * that carries them ({@link dev.palisade.transfer.TransferServer}: AXFR, IXFR, TSIG, access), the
 * catalog zone listing them ({@code CatalogZone}, RFC 9432) and NOTIFY to the secondaries ({@link
 * dev.palisade.transfer.Notifier}).
 */
package dev.palisade.transfer;
