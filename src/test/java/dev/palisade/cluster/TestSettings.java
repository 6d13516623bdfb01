package dev.palisade.cluster;

import java.time.Duration;

/**
 * Cluster settings for tests: the defaults, but for the heartbeat, the maximum lag and forgetting.
 */
final class TestSettings {

  private TestSettings() {}

  static ClusterSettings of(Duration heartbeat, Duration maxLag, Duration forgetNodesAfter) {
    return new ClusterSettings(
        "", Duration.ofSeconds(1), true, Duration.ofDays(7), heartbeat, maxLag, forgetNodesAfter);
  }
}
