package dev.palisade.audit;

/**
 * Who makes a change, as the audit trail records it.
 *
 * @param name e.g. {@code token:fail2ban#12}, {@code user:alice#3}, {@code system:expiry}
 * @param clientIp the address the request came from; null for changes Palisade makes itself
 * @param channel how the change came in: {@code api}, {@code web} or {@code system}
 */
public record Actor(String name, String clientIp, String channel) {

  public Actor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an actor needs a name");
    }
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException("an actor needs a channel");
    }
  }

  /** Palisade itself, doing a job such as expiry or the sample import. */
  public static Actor system(String job) {
    return new Actor("system:" + job, null, "system");
  }
}
