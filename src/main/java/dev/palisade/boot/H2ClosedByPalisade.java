package dev.palisade.boot;

import java.util.Locale;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * Leaves closing an embedded H2 database to Palisade: its URL always gets {@code
 * DB_CLOSE_ON_EXIT=FALSE}, whatever the operator wrote.
 *
 * <p>Without it H2 closes the database from a JVM shutdown hook of its own. That hook runs at the
 * same time as the one that stops Palisade, so the work Palisade does on its way down — the last
 * statistics, the index file — found the database already closed ("Database is already closed",
 * several stack traces, no index file). With the setting the database closes when the connection
 * pool does, after everything else, as the application context stops. A server URL ({@code
 * jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}) is left alone: the server closes its databases itself.
 */
final class H2ClosedByPalisade implements BeanPostProcessor {

  private static final String SETTING = "DB_CLOSE_ON_EXIT";

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
      properties.setUrl(url(properties.getUrl()));
    }
    return bean;
  }

  /**
   * The URL with {@code DB_CLOSE_ON_EXIT=FALSE} in place of any value it gave; other URLs as they
   * are.
   */
  static String url(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:")
        || lower.startsWith("jdbc:h2:tcp:")
        || lower.startsWith("jdbc:h2:ssl:")) {
      return url;
    }
    String[] parts = url.split(";", -1);
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int equals = part.indexOf('=');
      String key = (equals < 0 ? part : part.substring(0, equals)).trim();
      if (!key.equalsIgnoreCase(SETTING) && !part.isEmpty()) {
        out.append(';').append(part);
      }
    }
    return out.append(';').append(SETTING).append("=FALSE").toString();
  }
}
