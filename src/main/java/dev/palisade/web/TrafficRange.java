package dev.palisade.web;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The periods the traffic chart shows, as far back as statistics are kept (35 days): how many
 * hours, how many of them one point of the chart sums, and how its time axis is labelled.
 */
enum TrafficRange {
  DAY("24h", "24 hours", 24, 1, 6, "HH:mm"),
  WEEK("7d", "7 days", 7 * 24, 4, 6, "MM-dd"),
  MONTH("35d", "35 days", 35 * 24, 24, 7, "MM-dd");

  private final String param;
  private final String label;
  private final int hours;
  private final int hoursPerPoint;
  private final int pointsPerTick;
  private final DateTimeFormatter tick;

  TrafficRange(
      String param,
      String label,
      int hours,
      int hoursPerPoint,
      int pointsPerTick,
      String tickPattern) {
    this.param = param;
    this.label = label;
    this.hours = hours;
    this.hoursPerPoint = hoursPerPoint;
    this.pointsPerTick = pointsPerTick;
    this.tick = DateTimeFormatter.ofPattern(tickPattern, Locale.ROOT).withZone(ZoneOffset.UTC);
  }

  /** The range a request names ({@code 24h}, {@code 7d}, {@code 35d}); the last 24 hours else. */
  static TrafficRange of(String param) {
    for (TrafficRange range : values()) {
      if (range.param.equals(param)) {
        return range;
      }
    }
    return DAY;
  }

  /** The value of the {@code range} request parameter. */
  public String param() {
    return param;
  }

  /** How people say the period: "7 days". */
  public String label() {
    return label;
  }

  int hours() {
    return hours;
  }

  Duration duration() {
    return Duration.ofHours(hours);
  }

  int hoursPerPoint() {
    return hoursPerPoint;
  }

  int pointsPerTick() {
    return pointsPerTick;
  }

  DateTimeFormatter tick() {
    return tick;
  }
}
