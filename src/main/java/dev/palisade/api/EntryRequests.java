package dev.palisade.api;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.listing.EntryDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns entry requests into drafts, collecting every problem with its field (and line). */
final class EntryRequests {

  /** Longest ttl accepted: ten years. */
  static final long MAX_TTL = Duration.ofDays(3650).toSeconds();

  private EntryRequests() {}

  /** One request; {@link InvalidRequestException} listing every bad field otherwise. */
  static EntryDraft toDraft(EntryRequest request, Instant now) {
    List<InvalidField> problems = new ArrayList<>();
    EntryDraft draft = toDraft(request, now, null, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException("the entry is invalid", problems);
    }
    return draft;
  }

  /** Many requests; every bad one is reported with its 1-based line, and none is stored. */
  static List<EntryDraft> toDrafts(List<EntryRequest> requests, Instant now) {
    List<InvalidField> problems = new ArrayList<>();
    List<EntryDraft> drafts = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      EntryRequest request = requests.get(i);
      if (request == null) {
        problems.add(new InvalidField(i + 1, "entries", "entry is null"));
        continue;
      }
      drafts.add(toDraft(request, now, i + 1, problems));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(
          problems.size() + " of " + requests.size() + " entries are invalid; nothing was stored",
          problems);
    }
    return drafts;
  }

  /** The list kind named in a request parameter or field. */
  static ListKind kind(String list) {
    if (list == null || list.isBlank()) {
      throw new InvalidEntryException("list is missing: expected 'block' or 'allow'");
    }
    return switch (list.strip().toLowerCase(Locale.ROOT)) {
      case "block" -> ListKind.BLOCK;
      case "allow" -> ListKind.ALLOW;
      default ->
          throw new InvalidEntryException(
              "list '" + list + "' is unknown: expected 'block' or 'allow'");
    };
  }

  private static EntryDraft toDraft(
      EntryRequest request, Instant now, Integer line, List<InvalidField> problems) {
    int before = problems.size();
    ListKind kind = field(line, "list", problems, () -> kind(request.list()));
    EntryValue value =
        field(
            line,
            "value",
            problems,
            () -> {
              if (request.value() == null) {
                throw new InvalidEntryException("value is missing");
              }
              return EntryValue.parse(request.value());
            });
    Integer code =
        request.returnCode() == null
            ? null
            : field(line, "returnCode", problems, () -> ReturnCode.parse(request.returnCode()));
    Instant expiresAt = expiry(request, now, line, problems);
    if (problems.size() > before) {
      return null;
    }
    return field(
        line,
        "reason",
        problems,
        () -> new EntryDraft(kind, value, code, request.reason(), expiresAt));
  }

  private static Instant expiry(
      EntryRequest request, Instant now, Integer line, List<InvalidField> problems) {
    if (request.expiresAt() != null && request.ttl() != null) {
      problems.add(new InvalidField(line, "ttl", "give either expiresAt or ttl, not both"));
      return null;
    }
    if (request.ttl() != null) {
      long ttl = request.ttl();
      if (ttl <= 0 || ttl > MAX_TTL) {
        problems.add(
            new InvalidField(
                line, "ttl", "ttl " + ttl + " is not between 1 and " + MAX_TTL + " seconds"));
        return null;
      }
      return now.plusSeconds(ttl);
    }
    if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
      problems.add(
          new InvalidField(
              line, "expiresAt", "expiresAt " + request.expiresAt() + " is not in the future"));
      return null;
    }
    return request.expiresAt();
  }

  private static <T> T field(
      Integer line, String name, List<InvalidField> problems, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      problems.add(new InvalidField(line, name, e.getMessage()));
      return null;
    }
  }
}
