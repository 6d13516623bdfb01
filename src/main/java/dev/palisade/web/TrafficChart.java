package dev.palisade.web;

import dev.palisade.stats.QueryStats;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DNS traffic over a {@link TrafficRange} drawn as a server-rendered SVG line chart: no script and
 * no external library, so it works under the UI's content security policy and without internet
 * access. Each point (an hour, four hours or a day) has a column whose SVG {@code <title>} the
 * browser shows on hover: its period and counts. Immutable.
 *
 * @param queries the SVG {@code points} of the queries line
 * @param hits the SVG {@code points} of the listed-answers line
 * @param max the highest hourly query count, the top of the scale
 * @param ticks labels of the time axis: x position and text
 * @param totals the whole period's queries and hits
 * @param queriesTotal queries in the period
 * @param hitsTotal listed answers in the period
 * @param range the period shown
 * @param points each point's column and what hovering it shows
 */
record TrafficChart(
    String queries,
    String hits,
    long max,
    List<Tick> ticks,
    List<QueryStats.ZoneTotal> totals,
    long queriesTotal,
    long hitsTotal,
    TrafficRange range,
    List<Point> points) {

  static final int WIDTH = 720;
  static final int HEIGHT = 180;
  static final int LEFT = 50;
  static final int BOTTOM = 20;

  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * A label of the time axis, centred on its hour; the last one ends at its hour so it is not cut
   * off at the right edge.
   */
  record Tick(int x, String text, String anchor) {}

  /**
   * One point of the chart: the column {@code x}..{@code x + width} that shows {@code title} on
   * hover.
   */
  record Point(int x, int width, String title) {}

  /** The chart of hourly counts ({@code range.hours()} of them), summed per point of the range. */
  static TrafficChart of(
      List<QueryStats.Hour> hourly, List<QueryStats.ZoneTotal> totals, TrafficRange range) {
    List<QueryStats.Hour> hours = new ArrayList<>();
    int per = range.hoursPerPoint();
    for (int i = 0; i < hourly.size(); i += per) {
      long q = 0;
      long h = 0;
      for (int j = i; j < Math.min(i + per, hourly.size()); j++) {
        q += hourly.get(j).queries();
        h += hourly.get(j).hits();
      }
      hours.add(new QueryStats.Hour(hourly.get(i).start(), q, h));
    }
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
    List<Point> points = new ArrayList<>();
    int plotWidth = WIDTH - LEFT - 10;
    int plotHeight = HEIGHT - BOTTOM - 10;
    int column = hours.size() <= 1 ? plotWidth : plotWidth / (hours.size() - 1);
    for (int i = 0; i < hours.size(); i++) {
      QueryStats.Hour point = hours.get(i);
      int x = LEFT + (hours.size() == 1 ? 0 : i * plotWidth / (hours.size() - 1));
      queries.append(x).append(',').append(y(point.queries(), max, plotHeight)).append(' ');
      hits.append(x).append(',').append(y(point.hits(), max, plotHeight)).append(' ');
      boolean last = i == hours.size() - 1;
      if (i % range.pointsPerTick() == 0 || last) {
        String anchor = last ? "end" : i == 0 ? "start" : "middle";
        ticks.add(new Tick(x, range.tick().format(point.start()), anchor));
      }
      int left = Math.max(LEFT, x - column / 2);
      int right = Math.min(WIDTH - 10, x + column - column / 2);
      points.add(
          new Point(
              left,
              Math.max(1, right - left),
              START.format(point.start())
                  + " UTC, "
                  + (per == 1 ? "1 hour" : per + " hours")
                  + ": "
                  + String.format(Locale.ROOT, "%,d", point.queries())
                  + " queries, "
                  + String.format(Locale.ROOT, "%,d", point.hits())
                  + " listed answers"));
    }
    return new TrafficChart(
        queries.toString().strip(),
        hits.toString().strip(),
        max,
        ticks,
        totals,
        queriesTotal,
        hitsTotal,
        range,
        points);
  }

  private static int y(long value, long max, int plotHeight) {
    return 10 + plotHeight - (int) (value * plotHeight / max);
  }

  /** The y of the top of the plot. */
  public int top() {
    return 10;
  }

  /** The height of a point's hover column. */
  public int plotHeight() {
    return HEIGHT - BOTTOM - 10;
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
