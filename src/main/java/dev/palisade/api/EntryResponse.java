package dev.palisade.api;

import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.listing.Entry;
import java.time.Instant;
import java.util.Locale;

/**
 * An entry as the API shows it.
 *
 * @param returnCode the entry's own return code, or null when it answers with the list's default
 * @param active whether DNS answers it now (enabled and not expired)
 */
record EntryResponse(
    long id,
    String scope,
    String list,
    String type,
    String value,
    String returnCode,
    String reason,
    Instant expiresAt,
    boolean active,
    String source,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  static EntryResponse of(Entry entry, String scope, Instant now) {
    return new EntryResponse(
        entry.getId(),
        scope,
        lower(entry.getKind().name()),
        lower(entry.getValueType().name()),
        entry.getValue(),
        entry.getReturnCode() == null ? null : ReturnCode.format(entry.getReturnCode()),
        entry.getReason(),
        entry.getExpiresAt(),
        entry.isActiveAt(now),
        lower(entry.getSource().name()),
        entry.getCreatedBy(),
        entry.getCreatedAt(),
        entry.getUpdatedBy(),
        entry.getUpdatedAt());
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
