package dev.palisade.boot;

import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
public record IndexFileSettings(
    @DefaultValue("data/palisade.index") String file,
    @DefaultValue("5m") @DurationMin(nanos = 1, message = "must be positive")
        Duration saveInterval) {

  /** The file, or null when it is turned off. */
  Path path() {
    return file == null || file.isBlank() ? null : Path.of(file.strip());
  }
}
