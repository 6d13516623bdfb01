package dev.palisade.index;

import java.util.Map;

/**
 * An {@link IndexSnapshot}: the zone views by label and the base serial. Immutable; the map is
 * never written after construction and is published through a volatile reference.
 */
final class Snapshot implements IndexSnapshot {

  static final Snapshot EMPTY = new Snapshot(Map.of(), 0);

  private final Map<String, ScopeView> zones;
  private final long baseSerial;

  Snapshot(Map<String, ScopeView> zones, long baseSerial) {
    this.zones = zones;
    this.baseSerial = baseSerial;
  }

  @Override
  public ZoneView zone(String label) {
    return label == null ? null : zones.get(label);
  }

  /** The views by label, for the writer to derive the next snapshot from; never modify. */
  Map<String, ScopeView> zonesForCopy() {
    return zones;
  }

  @Override
  public long baseSerial() {
    return baseSerial;
  }
}
