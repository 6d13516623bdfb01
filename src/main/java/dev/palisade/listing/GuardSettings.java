package dev.palisade.listing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How wide an entry may be before it needs an explicit confirmation ({@code palisade.guard.*}), as
 * rbldnsd's maximum range limits what a data file may list: one entry beyond them can make a list
 * answer for most of the internet.
 *
 * @param ip4Prefix IPv4 networks with a shorter prefix than this (wider) need confirmation
 * @param ip6Prefix IPv6 networks with a shorter prefix than this need confirmation
 */
@ConfigurationProperties("palisade.guard")
@Validated
public record GuardSettings(
    @DefaultValue("16") @Min(0) @Max(32) int ip4Prefix,
    @DefaultValue("32") @Min(0) @Max(128) int ip6Prefix) {}
