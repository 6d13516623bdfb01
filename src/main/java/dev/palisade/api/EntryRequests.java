package dev.palisade.api;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.DraftFields;
import dev.palisade.listing.EntryDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns entry requests into drafts, collecting every problem with its field (and line). The rules
 * are {@link DraftFields}', the same the import formats follow.
 */
final class EntryRequests {

  /** Longest ttl accepted: ten years. */
  static final long MAX_TTL = DraftFields.MAX_TTL;

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
    return DraftFields.kind(list);
  }

  private static EntryDraft toDraft(
      EntryRequest request, Instant now, Integer line, List<InvalidField> problems) {
    DraftFields fields = new DraftFields();
    ListKind kind = fields.list(request.list());
    EntryValue value = fields.value(request.value());
    Integer code = fields.returnCode(request.returnCode());
    Instant expiresAt = fields.expiry(request.expiresAt(), request.ttl(), now);
    EntryDraft draft = fields.draft(kind, value, code, request.reason(), expiresAt);
    for (DraftFields.Problem problem : fields.problems()) {
      problems.add(new InvalidField(line, problem.field(), problem.message()));
    }
    return draft;
  }
}
