package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import java.time.Instant;

/**
 * A wish for one entry, before it is stored: what to match and how to answer.
 *
 * @param kind block, allow or exclude
 * @param value what the entry matches
 * @param returnCode the A record to answer (127.0.0.0/8), or null for the list's default; always
 *     null for an exclusion, which answers nothing
 * @param reason the TXT template ({@code $} = the queried address or the matched domain), or null;
 *     for an exclusion a note for the admins, never answered
 * @param expiresAt when the entry stops answering, or null for never
 */
public record EntryDraft(
    ListKind kind, EntryValue value, Integer returnCode, String reason, Instant expiresAt) {

  /** Longest reason accepted; a TXT answer must still fit a DNS message. */
  public static final int MAX_REASON = 1000;

  public EntryDraft {
    if (kind == null) {
      throw new InvalidEntryException("list kind is missing: expected BLOCK, ALLOW or EXCLUDE");
    }
    if (value == null) {
      throw new InvalidEntryException("value is missing");
    }
    if (kind == ListKind.EXCLUDE && returnCode != null) {
      throw new InvalidEntryException(
          "an exclusion answers nothing, so it takes no return code: leave the return code empty");
    }
    if (returnCode != null && (returnCode >>> 24) != 127) {
      throw new InvalidEntryException(
          "return code " + ReturnCode.format(returnCode) + " is outside 127.0.0.0/8");
    }
    if (reason != null) {
      reason = reason.strip();
      if (reason.isEmpty()) {
        reason = null;
      } else {
        checkReason(reason);
      }
    }
  }

  /** A block, allow or exclude draft without return code, reason or expiry. */
  public static EntryDraft of(ListKind kind, String value) {
    return new EntryDraft(kind, EntryValue.parse(value), null, null, null);
  }

  /**
   * Throws {@link InvalidEntryException} when the draft expires at or before {@code now}: an entry
   * is stored to answer, and one already expired never would.
   */
  void checkExpiresAfter(Instant now) {
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new InvalidEntryException(
          "expiry " + expiresAt + " of " + value.canonical() + " is not in the future");
    }
  }

  private static void checkReason(String reason) {
    if (reason.length() > MAX_REASON) {
      throw new InvalidEntryException(
          "reason is " + reason.length() + " characters long; at most " + MAX_REASON + " allowed");
    }
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      // SMTP replies that quote the TXT are ASCII (RFC 5321 §4.2), so the reason must be too.
      if (c < 0x20 || c > 0x7e) {
        throw new InvalidEntryException(
            "reason contains the character U+"
                + String.format("%04X", (int) c)
                + " at position "
                + (i + 1)
                + "; only printable ASCII is allowed because mail servers quote it in SMTP"
                + " replies");
      }
    }
  }
}
