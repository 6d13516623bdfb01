package dev.palisade.cluster;

import dev.palisade.cluster.FeedProgress.Lag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * This node's health as a follower of the change feed: {@code UP} while it is at most {@link
 * ClusterSettings#maxLag()} behind, {@code OUT_OF_SERVICE} when the oldest change it has not
 * applied has waited longer, or it has not been able to read the feed for longer. DNS still answers
 * then, from an index that may miss other nodes' recent changes. Answers from memory ({@link
 * FeedProgress}), without asking the database, so it answers during an outage too.
 *
 * <p>Thread-safe.
 */
public final class FeedHealth implements HealthIndicator {

  private final FeedProgress progress;
  private final ClusterSettings settings;
  private final Clock clock;
  private final String node;

  public FeedHealth(FeedProgress progress, ClusterSettings settings, Clock clock, String node) {
    this.progress = progress;
    this.settings = settings;
    this.clock = clock;
    this.node = node;
  }

  @Override
  public Health health() {
    Instant now = clock.instant();
    Lag lag = progress.lag(now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("node", node);
    details.put("appliedSerial", lag.appliedSerial());
    details.put("lagChanges", lag.changes());
    details.put("lagSeconds", seconds(lag.behind()));
    details.put("maxLagSeconds", seconds(settings.maxLag()));
    details.put("followedAt", lag.followedAt().toString());
    if (lag.failingSince() != null) {
      details.put("failingSince", lag.failingSince().toString());
    }
    Health.Builder health =
        lag.behind().compareTo(settings.maxLag()) > 0 ? Health.outOfService() : Health.up();
    return health.withDetails(details).build();
  }

  /** Seconds with milliseconds, as a number: 0.25 for 250 ms. */
  static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
