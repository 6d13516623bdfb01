package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.account.ScopeDetails;
import dev.palisade.account.WriteTarget;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.imports.ImportSpec;
import dev.palisade.listing.Entry;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntryFilter;
import dev.palisade.listing.EntryGuard;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.PutResult;
import dev.palisade.listing.UpsertResult;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Entries of one scope: {@code /api/v1/accounts/{account}/entries} for the whole account, {@code
 * /api/v1/accounts/{account}/servers/{server}/entries} for one mail server. A write is answered
 * only after DNS answers it.
 */
@RestController
@RequestMapping("/api/v1/accounts/{account}")
class EntryController {

  private static final String ENTRIES = "/entries";
  private static final String SERVER_ENTRIES = "/servers/{server}/entries";

  /** Most entries one bulk request may carry: as many as one bulk add in the web UI. */
  static final int MAX_BULK = ImportSpec.BULK_LIMIT;

  private final ScopeAccess access;
  private final Listings listings;
  private final Clock clock;
  private final EntryGuard guard;

  EntryController(ScopeAccess access, Listings listings, Clock clock, EntryGuard guard) {
    this.guard = guard;
    this.access = access;
    this.listings = listings;
    this.clock = clock;
  }

  @GetMapping({ENTRIES, SERVER_ENTRIES})
  EntryPage list(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestParam(required = false) String list,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String state,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    ScopeDetails scope = access.scope(caller, account, server, false);
    Paging.check(page, size);
    EntryFilter filter =
        new EntryFilter(
            list == null ? null : EntryRequests.kind(list),
            parse("type", type, ValueType.class),
            q,
            parse("source", source, EntrySource.class),
            parse("state", state, EntryFilter.State.class));
    Page<Entry> found = listings.find(scope.scopeId(), filter, page, size);
    Instant now = clock.instant();
    return new EntryPage(
        found.getContent().stream()
            .map(e -> EntryResponse.of(e, scope.displayName(), now))
            .toList(),
        page,
        size,
        found.getTotalElements());
  }

  @GetMapping({ENTRIES + "/{id}", SERVER_ENTRIES + "/{id}"})
  EntryResponse get(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @PathVariable long id) {
    ScopeDetails scope = access.scope(caller, account, server, false);
    return EntryResponse.of(entryOf(scope, id), scope.displayName(), clock.instant());
  }

  @PostMapping({ENTRIES, SERVER_ENTRIES})
  ResponseEntity<EntryResponse> create(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestBody EntryRequest body,
      HttpServletRequest request) {
    WriteTarget scope = access.writeTarget(caller, account, server);
    EntryDraft draft = EntryRequests.toDraft(body, clock.instant());
    requireConfirmed(List.of(body), List.of(draft), false);
    Entry entry =
        listings.create(scope, draft, EntrySource.API, ClientAddress.actor(caller, request));
    URI location =
        ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}")
            .buildAndExpand(entry.getId())
            .toUri();
    return ResponseEntity.created(location)
        .body(EntryResponse.of(entry, scope.name(), clock.instant()));
  }

  /**
   * Creates or updates the entry with the body's list and value: idempotent, so a retried ban never
   * makes a second entry. 201 when created, 200 when updated or already so.
   */
  @PutMapping({ENTRIES, SERVER_ENTRIES})
  ResponseEntity<EntryResponse> upsert(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestBody EntryRequest body,
      HttpServletRequest request) {
    WriteTarget scope = access.writeTarget(caller, account, server);
    EntryDraft draft = EntryRequests.toDraft(body, clock.instant());
    requireConfirmed(List.of(body), List.of(draft), false);
    PutResult result =
        listings.put(scope, draft, EntrySource.API, ClientAddress.actor(caller, request));
    // The write found the scope by these names, which are its display name.
    return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(EntryResponse.of(result.entry(), scope.name(), clock.instant()));
  }

  @DeleteMapping({ENTRIES + "/{id}", SERVER_ENTRIES + "/{id}"})
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @PathVariable long id,
      HttpServletRequest request) {
    listings.delete(
        access.writeTarget(caller, account, server),
        id,
        EntrySource.API,
        ClientAddress.actor(caller, request));
  }

  /** Deletes by value: {@code DELETE .../entries?list=block&value=192.0.2.1}. */
  @DeleteMapping(
      value = {ENTRIES, SERVER_ENTRIES},
      params = "value")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteByValue(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestParam(required = false) String list,
      @RequestParam String value,
      HttpServletRequest request) {
    ListKind kind = EntryRequests.kind(list);
    EntryValue parsed = EntryValue.parse(value);
    if (!listings.delete(
        access.writeTarget(caller, account, server),
        kind,
        parsed,
        EntrySource.API,
        ClientAddress.actor(caller, request))) {
      throw new NotFoundException(
          parsed.canonical() + " is not on the " + list.toLowerCase(Locale.ROOT) + " list");
    }
  }

  /**
   * Creates or updates up to {@value #MAX_BULK} entries in one transaction. One bad entry rejects
   * the whole request, and the response names every bad entry by its 1-based line. The body is
   * JSON, a request format; files go to {@code .../import}, which reads every import format.
   */
  @PostMapping({ENTRIES + "/bulk", SERVER_ENTRIES + "/bulk"})
  UpsertResult bulk(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestBody BulkRequest body,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    if (body.entries() == null || body.entries().isEmpty()) {
      throw InvalidRequestException.field("entries", "entries is missing or empty");
    }
    if (body.entries().size() > MAX_BULK) {
      throw InvalidRequestException.field(
          "entries", body.entries().size() + " entries; at most " + MAX_BULK + " per request");
    }
    List<EntryDraft> drafts = EntryRequests.toDrafts(body.entries(), clock.instant());
    requireConfirmed(body.entries(), drafts, Boolean.TRUE.equals(body.confirmWide()));
    return listings.upsert(
        scope.scopeId(), drafts, EntrySource.API, ClientAddress.actor(caller, request));
  }

  /**
   * Refuses, naming each, the wide drafts whose request did not say {@code "confirmWide": true}
   * (nor the bulk request, when {@code all}); one request per draft, in order.
   */
  private void requireConfirmed(List<EntryRequest> requests, List<EntryDraft> drafts, boolean all) {
    if (all) {
      return;
    }
    List<InvalidField> problems = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      String why = guard.wide(drafts.get(i).value());
      if (why != null && !Boolean.TRUE.equals(requests.get(i).confirmWide())) {
        String message = why + "; send \"confirmWide\": true to store it";
        problems.add(
            drafts.size() == 1 && requests.size() == 1
                ? new InvalidField("value", message)
                : new InvalidField(i + 1, "entries[" + i + "].value", message));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(
          problems.size() == 1
              ? problems.get(0).message()
              : problems.size() + " entries are wide and not confirmed; nothing was stored",
          problems);
    }
  }

  private Entry entryOf(ScopeDetails scope, long id) {
    Entry entry;
    try {
      entry = listings.entry(id);
    } catch (NotFoundException e) {
      entry = null;
    }
    if (entry == null || entry.getScopeId() != scope.scopeId()) {
      throw new NotFoundException("entry " + id + " not found in " + scope.displayName());
    }
    return entry;
  }

  private static <E extends Enum<E>> E parse(String field, String text, Class<E> type) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.field(
          field,
          field
              + " '"
              + text
              + "' is unknown; expected one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
    }
  }

  /** A bulk request body. */
  /**
   * Entries to store at once.
   *
   * @param confirmWide {@code true} to store every wide entry of the request (each entry may also
   *     say so itself)
   */
  record BulkRequest(List<EntryRequest> entries, Boolean confirmWide) {}

  /** One page of entries. */
  record EntryPage(List<EntryResponse> items, int page, int size, long total) {}
}
