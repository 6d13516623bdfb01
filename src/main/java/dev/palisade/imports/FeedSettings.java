package dev.palisade.imports;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of feeds ({@code palisade.feeds.*}).
 *
 * @param directory the only directory feeds are read from (and below it): a feed names its file
 *     relative to it, so no one can point a feed at another file of the server
 * @param checkInterval how often every feed's file is looked at; a change is applied at most this
 *     long after the file changed
 */
@ConfigurationProperties("palisade.feeds")
@Validated
public record FeedSettings(
    @DefaultValue("feeds") @NotNull Path directory,
    @DefaultValue("30s") @DurationMin(seconds = 1, message = "must be at least 1s")
        Duration checkInterval) {}
