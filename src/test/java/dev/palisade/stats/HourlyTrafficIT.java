package dev.palisade.stats;

/** {@link HourlyTrafficContract} on the embedded H2 database. */
class HourlyTrafficIT extends HourlyTrafficContract {

  @Override
  String database() {
    return "h2";
  }
}
