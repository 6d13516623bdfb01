package dev.palisade.cluster;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of following the change feed and of the list of nodes ({@code palisade.cluster.*}).
 *
 * @param nodeName this node's name in the change feed and the list of nodes; empty: the host name.
 *     Read by {@code account.ChangeLog}; here so it is documented and validated with the rest
 * @param pollInterval how often the database is asked for changes of other nodes when no
 *     notification came: the most a lost notification delays a change
 * @param listen whether to listen for PostgreSQL notifications of new changes (on PostgreSQL only),
 *     so changes arrive within milliseconds rather than at the next poll
 * @param changeLogRetention how long changes stay in the feed: a node stopped for longer reloads
 *     the scopes that changed meanwhile rather than applying their changes one by one
 * @param heartbeatInterval how often a node writes its row in the list of nodes (its heartbeat and
 *     how far it has followed the feed); a node silent for three intervals is shown as stale
 * @param maxLag how far behind the feed a node may be before its health says {@code
 *     OUT_OF_SERVICE}: the oldest change it has not applied waited longer, or it has not been able
 *     to read the feed for longer
 * @param forgetNodesAfter how long the row of a node that stopped, or stopped heartbeating, stays
 *     in the list before it is removed
 */
@ConfigurationProperties("palisade.cluster")
@Validated
public record ClusterSettings(
    @DefaultValue("") String nodeName,
    @DefaultValue("1s") @DurationMin(millis = 50, message = "must be at least 50ms")
        Duration pollInterval,
    @DefaultValue("true") boolean listen,
    @DefaultValue("7d") @DurationMin(minutes = 1, message = "must be at least 1m")
        Duration changeLogRetention,
    @DefaultValue("5s") @DurationMin(millis = 100, message = "must be at least 100ms")
        Duration heartbeatInterval,
    @DefaultValue("30s") @DurationMin(millis = 100, message = "must be at least 100ms")
        Duration maxLag,
    @DefaultValue("24h") @DurationMin(seconds = 1, message = "must be at least 1s")
        Duration forgetNodesAfter) {

  /** How long a node may go without a heartbeat before it is shown as stale. */
  public Duration staleAfter() {
    return heartbeatInterval.multipliedBy(3);
  }
}
