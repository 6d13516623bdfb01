package dev.palisade.transfer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of zone transfers ({@code palisade.transfer.*}).
 *
 * @param maxRecords the most records a zone may render to and still be offered for transfer: a zone
 *     of ten million single addresses renders to about twenty million (an A and a TXT record each),
 *     and a wide network expands to at most 128 names or wildcards; a zone beyond the limit is
 *     refused as a whole, never sent in part
 */
@Validated
@ConfigurationProperties("palisade.transfer")
public record TransferSettings(
    @DefaultValue("50000000")
        @Min(value = 1, message = "must be between 1 and 2000000000")
        @Max(value = 2_000_000_000L, message = "must be between 1 and 2000000000")
        long maxRecords) {}
