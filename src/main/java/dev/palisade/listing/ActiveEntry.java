package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.time.Instant;

/**
 * An entry as DNS sees it: enabled, not expired, its return code resolved to the effective value.
 * This is what the in-memory index holds and what change announcements carry.
 *
 * @param id the entry's database id
 * @param scopeId the scope (account or mail server) the entry belongs to
 * @param kind block, allow or exclude
 * @param value what it matches
 * @param returnCode the A record answered when listed, in 127.0.0.0/8; 0 for an exclusion, which
 *     answers nothing
 * @param reason TXT template where {@code $} stands for the queried address or the matched domain;
 *     may be null; always null for an exclusion (its note is not part of any answer)
 * @param expiresAt when it stops answering, or null for never: each node's index removes it then by
 *     itself, without waiting for the database
 */
public record ActiveEntry(
    long id,
    long scopeId,
    ListKind kind,
    EntryValue value,
    int returnCode,
    String reason,
    Instant expiresAt) {

  public ActiveEntry {
    if (kind == ListKind.EXCLUDE) {
      returnCode = 0;
      reason = null;
    }
  }

  /** An entry that does not expire. */
  public ActiveEntry(
      long id, long scopeId, ListKind kind, EntryValue value, int returnCode, String reason) {
    this(id, scopeId, kind, value, returnCode, reason, null);
  }
}
