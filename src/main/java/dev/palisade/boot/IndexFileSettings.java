package dev.palisade.boot;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the index file ({@code palisade.index.*}): a copy of the in-memory index that a
 * restart reads instead of every entry from the database, for the scopes still unchanged.
 *
 * @param file where the file lives, relative to the working directory like the default H2 database;
 *     empty turns the file off (every start then reads every entry from the database)
 * @param saveInterval how often the file is rewritten while entries change; it is always written on
 *     a graceful shutdown too
 */
@ConfigurationProperties("palisade.index")
public record IndexFileSettings(
    @DefaultValue("data/palisade.index") String file, @DefaultValue("5m") Duration saveInterval) {

  public IndexFileSettings {
    if (saveInterval.isNegative() || saveInterval.isZero()) {
      throw new IllegalArgumentException("palisade.index.save-interval must be positive");
    }
  }

  /** The file, or null when it is turned off. */
  Path path() {
    return file == null || file.isBlank() ? null : Path.of(file.strip());
  }
}
