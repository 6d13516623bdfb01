package dev.palisade.web;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.listing.Entry;
import dev.palisade.listing.EntryDraft;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The form body of one entry, as typed: every field is text, so nothing is lost before it is
 * checked and a bad field can be shown again as it was.
 *
 * @param scope the mail server's name, or blank for the whole account
 * @param list {@code block}, {@code allow} or {@code exclude}
 * @param value an address, network or domain pattern
 * @param returnCode an address in 127.0.0.0/8, or blank for the list's default
 * @param reason the TXT answer, {@code $} standing for the queried address or name; may be blank
 * @param expiresAt when the entry stops answering, as {@code yyyy-MM-ddTHH:mm} in UTC; blank for
 *     never
 * @param expiresIn instead of {@code expiresAt}: a duration from now such as {@code 1d}; blank for
 *     none
 */
record EntryForm(
    String scope,
    String list,
    String value,
    String returnCode,
    String reason,
    String expiresAt,
    String expiresIn) {

  /** The durations offered for {@code expiresIn}. */
  static final java.util.Map<String, String> DURATIONS = new java.util.LinkedHashMap<>();

  static {
    DURATIONS.put("1h", "1 hour");
    DURATIONS.put("1d", "1 day");
    DURATIONS.put("7d", "7 days");
    DURATIONS.put("30d", "30 days");
    DURATIONS.put("90d", "90 days");
  }

  static EntryForm empty(String scope) {
    return new EntryForm(scope == null ? "" : scope, "block", "", "", "", "", "");
  }

  /** The form showing a stored entry. */
  static EntryForm of(Entry entry, String scope) {
    return new EntryForm(
        scope,
        entry.getKind().listName(),
        entry.getValue(),
        entry.getReturnCode() == null ? "" : ReturnCode.format(entry.getReturnCode()),
        entry.getReason() == null ? "" : entry.getReason(),
        entry.getExpiresAt() == null
            ? ""
            : LocalDateTime.ofInstant(
                    entry.getExpiresAt().truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC)
                .toString(),
        "");
  }

  /** The draft the form describes, or null with every problem noted in {@code errors}. */
  EntryDraft toDraft(Instant now, FormErrors errors) {
    ListKind kind = errors.check("list", () -> kind(list));
    EntryValue parsed =
        errors.check(
            "value",
            () -> {
              if (value == null || value.isBlank()) {
                throw new InvalidEntryException(
                    "enter an address, a network (192.0.2.0/24) or a domain (.example.com)");
              }
              return TestPoints.checkEntry(EntryValue.parse(value));
            });
    Integer code =
        returnCode == null || returnCode.isBlank()
            ? null
            : errors.check(
                "returnCode",
                () -> {
                  if (kind == ListKind.EXCLUDE) {
                    throw new InvalidEntryException(
                        "an exclusion answers nothing: leave the A record empty");
                  }
                  return ReturnCode.parse(returnCode);
                });
    Instant expiry = expiry(now, errors);
    if (errors.any()) {
      return null;
    }
    return errors.check("reason", () -> new EntryDraft(kind, parsed, code, reason, expiry));
  }

  static ListKind kind(String list) {
    try {
      return ListKind.ofName(list);
    } catch (InvalidEntryException e) {
      throw new IllegalArgumentException("choose block, allow or exclude", e);
    }
  }

  private Instant expiry(Instant now, FormErrors errors) {
    boolean at = expiresAt != null && !expiresAt.isBlank();
    boolean in = expiresIn != null && !expiresIn.isBlank();
    if (at && in) {
      errors.add("expiresIn", "give either a date or a duration, not both");
      return null;
    }
    if (in) {
      Duration duration = duration(expiresIn.strip());
      if (duration == null) {
        errors.add("expiresIn", "choose one of the offered durations");
        return null;
      }
      return now.plus(duration);
    }
    if (!at) {
      return null;
    }
    Instant instant;
    try {
      instant = LocalDateTime.parse(expiresAt.strip()).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      errors.add("expiresAt", "write the date as 2030-01-31T12:00 (UTC)");
      return null;
    }
    if (!instant.isAfter(now)) {
      errors.add("expiresAt", "the expiry must be in the future; clear it for no expiry");
      return null;
    }
    return instant;
  }

  private static Duration duration(String text) {
    return switch (text) {
      case "1h" -> Duration.ofHours(1);
      case "1d" -> Duration.ofDays(1);
      case "7d" -> Duration.ofDays(7);
      case "30d" -> Duration.ofDays(30);
      case "90d" -> Duration.ofDays(90);
      default -> null;
    };
  }
}
