package dev.palisade.imports;

import dev.palisade.dnsbl.ListKind;
import java.time.Instant;

/**
 * A feed: one list of a scope kept in step with an rbldnsd-format file ({@link Feeds}).
 *
 * @param id the feed's id; its entries are marked with it
 * @param scopeId the scope whose list it feeds
 * @param list the list the file feeds (exclusions feed the other one)
 * @param format the file's rbldnsd dataset type
 * @param path the file, relative to {@code palisade.feeds.directory}
 * @param createdBy who added the feed
 * @param createdAt when
 * @param checkedAt the last look at the file, or null
 * @param changedAt the last change the file brought, or null
 * @param fileSize the file's size as last applied, or null
 * @param fileModified its modification time as last applied, or null
 * @param fileKey its identity as last applied (device and inode), or null
 * @param entryCount the feed's entries now
 * @param error why the last check applied nothing, or null
 */
public record Feed(
    long id,
    long scopeId,
    ListKind list,
    ImportFormat format,
    String path,
    String createdBy,
    Instant createdAt,
    Instant checkedAt,
    Instant changedAt,
    Long fileSize,
    Instant fileModified,
    String fileKey,
    long entryCount,
    String error) {}
