package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.DecisionRule;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.listing.Entry;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntryFilter;
import dev.palisade.listing.EntryGuard;
import dev.palisade.listing.EntryRows;
import dev.palisade.listing.EntrySelection;
import dev.palisade.listing.EntrySort;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.EntryTable;
import dev.palisade.listing.Listings;
import dev.palisade.listing.WideEntriesException;
import dev.palisade.stats.QueryStats;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The entries of an account or one of its mail servers: a filtered, sorted, paged table (a mail
 * server's also shows the account entries it inherits); adding, editing (list, scope, answer,
 * reason, expiry) and deleting with confirmation. Changing many at once is {@link
 * EntrySelectionPages}. Writes go through {@link Listings} as the signed-in user, source {@code
 * manual}.
 */
@Controller
class EntryPages {

  private static final List<Integer> PAGE_SIZES = List.of(25, 50, 100, 200);

  /** How many of its account's entries a mail server's table shows as inherited. */
  private static final int INHERITED_SHOWN = 10;

  private final Listings listings;
  private final EntryTable table;
  private final Accounts accounts;
  private final WebAccess access;
  private final QueryStats queryStats;
  private final Clock clock;
  private final EntryGuard guard;

  EntryPages(
      Listings listings,
      EntryTable table,
      Accounts accounts,
      WebAccess access,
      QueryStats queryStats,
      Clock clock,
      EntryGuard guard) {
    this.guard = guard;
    this.queryStats = queryStats;
    this.listings = listings;
    this.table = table;
    this.accounts = accounts;
    this.access = access;
    this.clock = clock;
  }

  /**
   * The table's filters, as given in the query string; unknown values do not filter. The search
   * text {@code q} is matched against the start of values, or anywhere in reasons when {@code in}
   * is {@code reason}.
   */
  record TableQuery(
      String scope,
      String list,
      String type,
      String source,
      String state,
      String q,
      String in,
      String sort,
      Integer page,
      Integer size,
      Long after,
      Long before) {

    public EntryFilter filter() {
      return new EntryFilter(
          EnumChoice.parse(ListKind.class, list),
          EnumChoice.parse(ValueType.class, type),
          q == null || q.isBlank() ? null : q.strip(),
          EnumChoice.parse(EntrySource.class, source),
          EnumChoice.parse(EntryFilter.State.class, state),
          searchesReasons() ? EntryFilter.TextMatch.REASON : EntryFilter.TextMatch.VALUE_PREFIX);
    }

    public boolean searchesReasons() {
      return "reason".equalsIgnoreCase(in);
    }

    public EntrySort entrySort() {
      EntrySort parsed = EnumChoice.parse(EntrySort.class, sort);
      return parsed == null ? EntrySort.NEWEST : parsed;
    }

    public int pageNumber() {
      return page == null || page < 0 ? 0 : Math.min(page, 1_000_000);
    }

    public int pageSize() {
      return size != null && PAGE_SIZES.contains(size) ? size : 50;
    }
  }

  @GetMapping("/accounts/{slug}/entries")
  String list(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute("query") TableQuery query,
      HttpServletRequest request,
      Model model) {
    Account account = access.account(user, slug);
    ScopeDetails scope = access.scope(account, query.scope());
    model.addAttribute(
        "here",
        request.getRequestURI()
            + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
    long started = System.nanoTime();
    EntryRows rows =
        table.page(
            scope.scopeId(),
            query.filter(),
            query.entrySort(),
            query.pageNumber(),
            query.pageSize(),
            query.after(),
            query.before());
    List<Entry> covering =
        query.searchesReasons() || query.q() == null
            ? List.of()
            : table.covering(scope.scopeId(), query.q());
    EntryRows inherited =
        scope.serverId() == null
            ? null
            : table.page(
                access.scope(account, null).scopeId(),
                query.filter(),
                query.entrySort(),
                0,
                INHERITED_SHOWN);
    model.addAttribute("elapsedMillis", (System.nanoTime() - started) / 1_000_000);
    model.addAttribute("inherited", inherited);
    model.addAttribute("covering", covering);
    model.addAttribute("account", account);
    model.addAttribute("scope", scope);
    model.addAttribute("servers", accounts.servers(account.getId()));
    model.addAttribute("rows", rows);
    model.addAttribute("hits", queryStats.hits(rows.rows().stream().map(Entry::getId).toList()));
    model.addAttribute("now", clock.instant());
    model.addAttribute("pageSizes", PAGE_SIZES);
    model.addAttribute("canWrite", access.caller(user, account).write());
    return "entries/list";
  }

  @GetMapping("/accounts/{slug}/entries/new")
  String form(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @RequestParam(required = false) String scope,
      Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    return formPage(model, account, EntryForm.empty(scope), new FormErrors(), null);
  }

  /**
   * Adds an entry. A wide one (see {@link EntryGuard#wide}) is stored only with {@code
   * confirmWide=true}, which the form offers when it refuses one; a value already on the list but
   * expired or disabled is stored again (revived) with {@code revive=true}, which the form offers
   * when it finds one.
   */
  @PostMapping("/accounts/{slug}/entries")
  String create(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute EntryForm form,
      @RequestParam(required = false) String confirmWide,
      @RequestParam(required = false) String revive,
      @RequestParam(required = false) String back,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    model.addAttribute("back", back);
    FormErrors errors = new FormErrors();
    ScopeDetails scope = errors.check("scope", () -> scopeOf(account, form.scope()));
    EntryDraft draft = form.toDraft(clock.instant(), errors);
    if (!errors.any() && !"true".equals(confirmWide)) {
      String wide = guard.wide(draft.value());
      if (wide != null) {
        errors.add("value", wide + ". Tick the box below and add it again to store it");
        model.addAttribute("askWide", true);
      }
    }
    Entry entry = null;
    if (!errors.any()) {
      try {
        entry =
            "true".equals(revive)
                ? listings
                    .put(
                        scope.scopeId(),
                        draft,
                        EntrySource.MANUAL,
                        WebAccess.actor(caller, request))
                    .entry()
                : listings.create(
                    scope.scopeId(), draft, EntrySource.MANUAL, WebAccess.actor(caller, request));
      } catch (ConflictException e) {
        boolean dormant =
            listings
                .entry(scope.scopeId(), draft.kind(), draft.value())
                .filter(found -> !found.isActiveAt(clock.instant()))
                .isPresent();
        model.addAttribute("offerRevive", dormant);
        errors.add("value", e.getMessage() + (dormant ? "" : "; edit the existing entry instead"));
      } catch (IllegalArgumentException e) {
        // The value was checked as text; what the write refuses is about the value in its scope
        // (a mail server's own address).
        errors.add("value", e.getMessage());
      }
    }
    if (errors.any()) {
      return formPage(model, account, form, errors, null);
    }
    String saved =
        entry.getKind() == ListKind.EXCLUDE
            ? " is excluded for "
                + scope.displayName()
                + ": it answers in no list now, unless a more specific entry lists it."
            : " is on the "
                + entry.getKind().listName()
                + " list of "
                + scope.displayName()
                + " and answers in DNS now.";
    redirect.addFlashAttribute(
        "notice", entry.getValue() + saved + conflicts(scope, entry) + unusualCode(entry));
    return "redirect:" + EntrySelectionPages.back(slug, scope, back);
  }

  /**
   * What the entries of the other kinds with the same value in the same scope do to the new one: on
   * a tie allow beats exclude, which beats block (DESIGN §2), so an allow entry overrides an
   * identical block entry, and an exclusion takes a value out of an identical block entry.
   */
  private String conflicts(ScopeDetails scope, Entry entry) {
    StringBuilder out = new StringBuilder();
    EntryValue value = EntryValue.parse(entry.getValue());
    for (ListKind other : ListKind.values()) {
      if (other == entry.getKind()
          || listings
              .entry(scope.scopeId(), other, value)
              .filter(found -> found.isActiveAt(clock.instant()))
              .isEmpty()) {
        continue;
      }
      String tie = tie(entry.getKind(), other);
      if (DecisionRule.rank(entry.getKind()) > DecisionRule.rank(other)) {
        out.append(" It overrides the ")
            .append(other.listName())
            .append(" entry for the same value here: ")
            .append(tie)
            .append(", so ")
            .append(entry.getValue())
            .append(other == ListKind.BLOCK ? " is no longer blocked." : " is no longer excluded.");
      } else {
        out.append(" But the ")
            .append(other.listName())
            .append(" entry for the same value here wins (")
            .append(tie)
            .append("), so this ")
            .append(entry.getKind().listName())
            .append(" entry does not decide until that entry is gone.");
      }
    }
    return out.toString();
  }

  /** The tie rule between two kinds, as a sentence part: "allow beats block on a tie". */
  private static String tie(ListKind a, ListKind b) {
    boolean aWins = DecisionRule.rank(a) > DecisionRule.rank(b);
    return (aWins ? a : b).listName() + " beats " + (aWins ? b : a).listName() + " on a tie";
  }

  /** A warning when the entry answers with a code the usual Postfix filter ignores. */
  private static String unusualCode(Entry entry) {
    Integer code = entry.getReturnCode();
    if (code == null || ReturnCode.usual(code)) {
      return "";
    }
    return " Postfix filters written for 127.0.0.[2..255] ignore its answer "
        + ReturnCode.format(code)
        + ": paste the Postfix lines of the mail server's page again.";
  }

  @GetMapping("/accounts/{slug}/entries/{id}/edit")
  String edit(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    Entry entry = entryOf(account, id);
    ScopeDetails scope = accounts.describe(entry.getScopeId());
    return formPage(
        model,
        account,
        EntryForm.of(entry, scope.serverName() == null ? "" : scope.serverName()),
        new FormErrors(),
        entry);
  }

  /**
   * Saves an edited entry. Its value is shown, not edited (another value is another entry); a new
   * list or scope moves the entry there first ({@link Listings#moveAll}), keeping its id, hits and
   * history, then its answer, reason and expiry are stored. Moving a wide entry to the block list
   * needs {@code confirmWide=true}, which the form offers when it refuses one.
   */
  @PostMapping("/accounts/{slug}/entries/{id}")
  String update(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      @ModelAttribute EntryForm form,
      @RequestParam(required = false) String confirmWide,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    Entry entry = entryOf(account, id);
    ScopeDetails from = accounts.describe(entry.getScopeId());
    String kind = form.list() == null ? entry.getKind().listName() : form.list();
    String server = form.scope() == null ? nameOf(from) : form.scope();
    EntryForm fixed =
        new EntryForm(
            server,
            kind,
            entry.getValue(),
            form.returnCode(),
            form.reason(),
            form.expiresAt(),
            form.expiresIn());
    FormErrors errors = new FormErrors();
    ScopeDetails to = errors.check("scope", () -> scopeOf(account, server));
    EntryDraft draft = fixed.toDraft(clock.instant(), errors);
    if (!errors.any() && !caller.canChangeScope(account.getId(), to.serverId())) {
      errors.add("scope", "you may not change the entries of " + to.displayName());
    }
    String moved = "";
    if (!errors.any() && (to.scopeId() != from.scopeId() || draft.kind() != entry.getKind())) {
      try {
        listings.moveAll(
            EntrySelection.of(from.scopeId(), List.of(id)),
            to.scopeId(),
            draft.kind(),
            "true".equals(confirmWide),
            EntrySource.MANUAL,
            WebAccess.actor(caller, request));
        moved =
            " It moved to the " + draft.kind().listName() + " list of " + to.displayName() + ".";
      } catch (WideEntriesException e) {
        errors.add("value", e.getMessage() + ". Tick the box below and save again to block it");
        model.addAttribute("askWide", true);
      } catch (ConflictException | IllegalArgumentException e) {
        errors.add("list", e.getMessage());
      }
    }
    if (!errors.any()) {
      try {
        listings.upsert(
            to.scopeId(), List.of(draft), EntrySource.MANUAL, WebAccess.actor(caller, request));
      } catch (IllegalArgumentException e) {
        errors.add(FormErrors.FORM, e.getMessage());
      }
    }
    if (errors.any()) {
      return formPage(model, account, fixed, errors, entry);
    }
    redirect.addFlashAttribute("notice", entry.getValue() + " was saved." + moved);
    return "redirect:" + tableUrl(slug, to);
  }

  private static String nameOf(ScopeDetails scope) {
    return scope.serverName() == null ? "" : scope.serverName();
  }

  @GetMapping("/accounts/{slug}/entries/{id}/delete")
  String confirmDelete(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    Entry entry = entryOf(account, id);
    model.addAttribute("account", account);
    model.addAttribute("entry", entry);
    model.addAttribute("scope", accounts.describe(entry.getScopeId()));
    return "entries/delete";
  }

  @PostMapping("/accounts/{slug}/entries/{id}/delete")
  String delete(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    Entry entry = entryOf(account, id);
    ScopeDetails scope = accounts.describe(entry.getScopeId());
    listings.delete(id, EntrySource.MANUAL, WebAccess.actor(caller, request));
    redirect.addFlashAttribute(
        "notice",
        entry.getValue()
            + " was deleted from the "
            + entry.getKind().name().toLowerCase(Locale.ROOT)
            + " list of "
            + scope.displayName()
            + ".");
    return "redirect:" + tableUrl(slug, scope);
  }

  /** An entry of one of the account's scopes; not found for any other. */
  private Entry entryOf(Account account, long id) {
    Entry entry;
    try {
      entry = listings.entry(id);
    } catch (NotFoundException e) {
      entry = null;
    }
    if (entry == null || accounts.describe(entry.getScopeId()).accountId() != account.getId()) {
      throw new NotFoundException("entry " + id + " not found");
    }
    return entry;
  }

  private ScopeDetails scopeOf(Account account, String server) {
    try {
      return access.scope(account, server);
    } catch (NotFoundException e) {
      throw new IllegalArgumentException("choose the account or one of its mail servers");
    }
  }

  private String formPage(
      Model model, Account account, EntryForm form, FormErrors errors, Entry existing) {
    List<MailServer> servers = accounts.servers(account.getId());
    model.addAttribute("account", account);
    model.addAttribute("servers", servers);
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("entry", existing);
    model.addAttribute("durations", EntryForm.DURATIONS);
    return "entries/form";
  }

  static String tableUrl(String slug, ScopeDetails scope) {
    return "/accounts/"
        + slug
        + "/entries"
        + (scope.serverName() == null ? "" : "?scope=" + scope.serverName());
  }
}
