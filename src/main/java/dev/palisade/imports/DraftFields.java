package dev.palisade.imports;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.listing.EntryDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rules of one entry draft as a client writes it, field by field: list, value, return code,
 * reason and expiry. Each method reads one field and, when it is bad, records a {@link Problem}
 * naming the field and returns null, so a draft with three mistakes gets three messages and reading
 * goes on. The REST API's JSON entries (single and bulk) and the import formats that carry these
 * fields ({@code csv}, {@code lines}, and the values of rbldnsd files) all read drafts here, so one
 * rule says the same thing in every channel.
 *
 * <p>Use one instance per draft. Not thread-safe.
 */
public final class DraftFields {

  /** Field names, as the REST API's JSON spells them. */
  static final String LIST = "list";

  static final String VALUE = "value";
  static final String RETURN_CODE = "returnCode";
  static final String REASON = "reason";
  static final String EXPIRES_AT = "expiresAt";
  static final String TTL = "ttl";

  /** Longest ttl accepted: ten years. */
  public static final long MAX_TTL = Duration.ofDays(3650).toSeconds();

  /** One field that cannot be accepted, and why. */
  public record Problem(String field, String message) {}

  private final List<Problem> problems = new ArrayList<>();

  /**
   * The list named {@code block} or {@code allow}, ignoring case; {@link InvalidEntryException}
   * otherwise. For request parameters, where one bad value ends the request.
   */
  public static ListKind kind(String list) {
    return ListKind.ofName(list);
  }

  /** The list, {@code block} or {@code allow}. */
  public ListKind list(String text) {
    return field(LIST, () -> kind(text));
  }

  /**
   * An address, network or domain pattern, in {@link EntryValue#parse}'s syntax; not an RFC 5782
   * test point, which every zone answers whatever its entries say ({@link TestPoints}).
   */
  public EntryValue value(String text) {
    return field(
        VALUE,
        () -> {
          if (text == null) {
            throw new InvalidEntryException("value is missing");
          }
          return TestPoints.checkEntry(EntryValue.parse(text));
        });
  }

  /** A return code in 127.0.0.0/8; null text means the list's default (null). */
  public Integer returnCode(String text) {
    if (text == null) {
      return null;
    }
    return field(RETURN_CODE, () -> ReturnCode.parse(text));
  }

  /**
   * An expiry given as a point in time, which must be after {@code now}; null for never.
   *
   * @param asWritten how the client named and wrote it, for the message, e.g. {@code expiresAt
   *     2030-01-31T12:00:00Z} or {@code expiry '2030-01-31T12:00:00Z'}
   */
  Instant expiresAt(Instant at, String asWritten, Instant now) {
    if (at != null && !at.isAfter(now)) {
      problems.add(new Problem(EXPIRES_AT, asWritten + " is not in the future"));
      return null;
    }
    return at;
  }

  /**
   * An expiry given either as a point in time or as seconds from {@code now} ({@code ttl}, at most
   * {@link #MAX_TTL}), not both; null when neither is given.
   */
  public Instant expiry(Instant expiresAt, Long ttl, Instant now) {
    if (expiresAt != null && ttl != null) {
      problems.add(new Problem(TTL, "give either expiresAt or ttl, not both"));
      return null;
    }
    if (ttl != null) {
      if (ttl <= 0 || ttl > MAX_TTL) {
        problems.add(
            new Problem(TTL, "ttl " + ttl + " is not between 1 and " + MAX_TTL + " seconds"));
        return null;
      }
      return now.plusSeconds(ttl);
    }
    return expiresAt(expiresAt, "expiresAt " + expiresAt, now);
  }

  /**
   * The draft of fields read by this instance, with its reason checked; null, having recorded why,
   * when the reason or any field read before is bad.
   */
  public EntryDraft draft(
      ListKind kind, EntryValue value, Integer returnCode, String reason, Instant expiresAt) {
    if (!problems.isEmpty()) {
      return null;
    }
    return field(REASON, () -> new EntryDraft(kind, value, returnCode, reason, expiresAt));
  }

  /** A problem the caller found in a field of its own, e.g. a cell that is not a date. */
  void problem(String field, String message) {
    problems.add(new Problem(field, message));
  }

  /** The problems found so far, in the order the fields were read. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** Whether no field read so far was bad. */
  boolean ok() {
    return problems.isEmpty();
  }

  /** The problems' messages joined by {@code "; "}, for one line of a file. */
  public String message() {
    return String.join("; ", problems.stream().map(Problem::message).toList());
  }

  private <T> T field(String name, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(name, e.getMessage()));
      return null;
    }
  }
}
