package dev.palisade.cluster;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of following the change feed ({@code palisade.cluster.*}).
 *
 * @param nodeName this node's name in the change feed (and, later, the list of nodes); empty: the
 *     host name. Read by {@code account.ChangeLog}; here so it is documented and validated with the
 *     rest
 * @param pollInterval how often the database is asked for changes of other nodes when no
 *     notification came: the most a lost notification delays a change
 * @param listen whether to listen for PostgreSQL notifications of new changes (on PostgreSQL only),
 *     so changes arrive within milliseconds rather than at the next poll
 * @param changeLogRetention how long changes stay in the feed: a node stopped for longer reloads
 *     the scopes that changed meanwhile rather than applying their changes one by one
 */
@ConfigurationProperties("palisade.cluster")
@Validated
public record ClusterSettings(
    @DefaultValue("") String nodeName,
    @DefaultValue("1s") @DurationMin(millis = 50, message = "must be at least 50ms")
        Duration pollInterval,
    @DefaultValue("true") boolean listen,
    @DefaultValue("7d") @DurationMin(minutes = 1, message = "must be at least 1m")
        Duration changeLogRetention) {}
