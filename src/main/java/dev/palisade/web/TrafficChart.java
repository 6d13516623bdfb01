package dev.palisade.web;

import dev.palisade.stats.QueryStats;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hourly DNS traffic drawn as a server-rendered SVG line chart: no script and no external library,
 * so it works under the UI's content security policy and without internet access. Immutable.
 *
 * @param queries the SVG {@code points} of the queries line
 * @param hits the SVG {@code points} of the listed-answers line
 * @param max the highest hourly query count, the top of the scale
 * @param ticks labels of the time axis: x position and text
 * @param totals the whole period's queries and hits
 * @param queriesTotal queries in the period
 * @param hitsTotal listed answers in the period
 */
record TrafficChart(
    String queries,
    String hits,
    long max,
    List<Tick> ticks,
    List<QueryStats.ZoneTotal> totals,
    long queriesTotal,
    long hitsTotal) {

  static final int WIDTH = 720;
  static final int HEIGHT = 180;
  static final int LEFT = 50;
  static final int BOTTOM = 20;

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * A label of the time axis, centred on its hour; the last one ends at its hour so it is not cut
   * off at the right edge.
   */
  record Tick(int x, String text, String anchor) {}

  static TrafficChart of(List<QueryStats.Hour> hours, List<QueryStats.ZoneTotal> totals) {
    long max = 1;
    long queriesTotal = 0;
    long hitsTotal = 0;
    for (QueryStats.Hour hour : hours) {
      max = Math.max(max, hour.queries());
      queriesTotal += hour.queries();
      hitsTotal += hour.hits();
    }
    StringBuilder queries = new StringBuilder();
    StringBuilder hits = new StringBuilder();
    List<Tick> ticks = new ArrayList<>();
    int plotWidth = WIDTH - LEFT - 10;
    int plotHeight = HEIGHT - BOTTOM - 10;
    for (int i = 0; i < hours.size(); i++) {
      int x = LEFT + (hours.size() == 1 ? 0 : i * plotWidth / (hours.size() - 1));
      queries.append(x).append(',').append(y(hours.get(i).queries(), max, plotHeight)).append(' ');
      hits.append(x).append(',').append(y(hours.get(i).hits(), max, plotHeight)).append(' ');
      boolean last = i == hours.size() - 1;
      if (i % 6 == 0 || last) {
        String anchor = last ? "end" : i == 0 ? "start" : "middle";
        ticks.add(new Tick(x, HOUR.format(hours.get(i).start()), anchor));
      }
    }
    return new TrafficChart(
        queries.toString().strip(),
        hits.toString().strip(),
        max,
        ticks,
        totals,
        queriesTotal,
        hitsTotal);
  }

  private static int y(long value, long max, int plotHeight) {
    return 10 + plotHeight - (int) (value * plotHeight / max);
  }

  /** The y of the base line. */
  public int baseline() {
    return HEIGHT - BOTTOM;
  }

  public int left() {
    return LEFT;
  }

  public int right() {
    return WIDTH - 10;
  }
}
