package dev.palisade.index;

/** Everything DNS can answer at one moment. Immutable; readers never lock. */
public interface IndexSnapshot {

  /** The zone view of the scope with this label (lower-case), or null when there is none. */
  ZoneView zone(String label);

  /** The serial of the base zone; increases whenever the set of scopes changes. */
  long baseSerial();
}
