package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Caller;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.Entry;
import dev.palisade.listing.EntrySelection;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.WideEntriesException;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Acting on many entries of one scope at once — the ticked ones, every one on the page, or every
 * one matching the table's filter — and on single entries from wherever the UI shows them (lookup,
 * most-hit list): delete, expire now, or move to another scope of the account or the other list.
 * Each action is one write of {@link Listings} (one transaction, audited), asked first with a
 * {@link Confirmation} that says how many entries it changes, so it works without JavaScript.
 */
@Controller
class EntrySelectionPages {

  private final Listings listings;
  private final WebAccess access;

  EntrySelectionPages(Listings listings, WebAccess access) {
    this.listings = listings;
    this.access = access;
  }

  /** What to do with the chosen entries. */
  enum Action {
    DELETE,
    EXPIRE,
    MOVE
  }

  /**
   * The form of the action, as the entries table, the lookup and the dashboard post it.
   *
   * @param scope the scope whose entries are chosen: blank for the account, else a server's name
   * @param which {@code ticked} (the {@code ids}), {@code page} (the {@code pageIds}) or {@code
   *     matching} (every entry matching the filter fields)
   * @param action {@code delete}, {@code expire} or {@code move}
   * @param toScope for a move: blank for the account, else a server's name
   * @param toList for a move: {@code block} or {@code allow}
   * @param back where to go afterwards and on cancel: a page of the same account; the scope's
   *     entries table when absent
   */
  record SelectionForm(
      String scope,
      String which,
      List<Long> ids,
      List<Long> pageIds,
      String action,
      String toScope,
      String toList,
      String back) {}

  @PostMapping("/accounts/{slug}/entries/selection")
  String act(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute SelectionForm form,
      @ModelAttribute("query") EntryPages.TableQuery filter,
      @RequestParam(required = false) String confirmed,
      @RequestParam(required = false) String confirmWide,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    ScopeDetails scope = writable(caller, account, form.scope());
    String back = back(slug, scope, form.back());
    Action action = EnumChoice.parse(Action.class, form.action());
    EntrySelection selection = selection(scope, form, filter);
    if (action == null || selection == null) {
      redirect.addFlashAttribute(
          "notice",
          action == null
              ? "Choose what to do with the entries: delete, expire or move."
              : "Nothing was changed: tick the entries to change first, or choose all on the page"
                  + " or all that match the filter.");
      return "redirect:" + back;
    }
    ScopeDetails target = null;
    ListKind toKind = null;
    if (action == Action.MOVE) {
      target = writable(caller, account, form.toScope());
      toKind = EnumChoice.parse(ListKind.class, form.toList());
      if (toKind == null) {
        redirect.addFlashAttribute("notice", "Nothing was changed: choose the list to move to.");
        return "redirect:" + back;
      }
    }
    Map<String, String> fields = fields(form, filter, selection, back);
    if (!Confirmation.given(confirmed)) {
      long count = listings.count(selection);
      return new Confirmation(
              title(action, count, selection, scope),
              message(action, count, scope, target, toKind),
              "/accounts/" + slug + "/entries/selection",
              button(action, count),
              back,
              fields)
          .show(model);
    }
    String done;
    try {
      int changed =
          switch (action) {
            case DELETE ->
                listings.deleteAll(selection, EntrySource.MANUAL, WebAccess.actor(caller, request));
            case EXPIRE ->
                listings.expireAll(selection, EntrySource.MANUAL, WebAccess.actor(caller, request));
            case MOVE ->
                listings.moveAll(
                    selection,
                    target.scopeId(),
                    toKind,
                    "true".equals(confirmWide),
                    EntrySource.MANUAL,
                    WebAccess.actor(caller, request));
          };
      done = outcome(action, changed, scope, target, toKind);
    } catch (WideEntriesException e) {
      fields.put("confirmWide", "true");
      return new Confirmation(
              "Block all of it?",
              String.join(". ", e.reasons())
                  + ". Moved to the block list, these entries block every address or name they"
                  + " cover, for every mail server that uses the list.",
              "/accounts/" + slug + "/entries/selection",
              "Move and block all of it",
              back,
              fields)
          .show(model);
    } catch (ConflictException | IllegalArgumentException e) {
      done = "Nothing was changed: " + e.getMessage();
    }
    redirect.addFlashAttribute("notice", done);
    return "redirect:" + back;
  }

  /** The scope named by a form, which the caller must be allowed to change. */
  private ScopeDetails writable(Caller caller, Account account, String server) {
    ScopeDetails scope = access.scope(account, server);
    if (!caller.canChangeScope(account.getId(), scope.serverId())) {
      throw new AccessDeniedException("You may not change the entries of " + scope.displayName());
    }
    return scope;
  }

  /** The chosen entries, or null when none are. */
  private static EntrySelection selection(
      ScopeDetails scope, SelectionForm form, EntryPages.TableQuery filter) {
    String which = form.which() == null ? "ticked" : form.which();
    return switch (which) {
      case "matching" -> EntrySelection.matching(scope.scopeId(), filter.filter());
      case "page" ->
          form.pageIds() == null || form.pageIds().isEmpty()
              ? null
              : EntrySelection.of(scope.scopeId(), form.pageIds());
      default ->
          form.ids() == null || form.ids().isEmpty()
              ? null
              : EntrySelection.of(scope.scopeId(), form.ids());
    };
  }

  /** The form's fields as the confirmation posts them again: the chosen ids as one list. */
  private static Map<String, String> fields(
      SelectionForm form, EntryPages.TableQuery filter, EntrySelection selection, String back) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("scope", form.scope() == null ? "" : form.scope());
    fields.put("action", form.action());
    if (selection.byFilter()) {
      fields.put("which", "matching");
      put(fields, "q", filter.q());
      put(fields, "in", filter.in());
      put(fields, "list", filter.list());
      put(fields, "type", filter.type());
      put(fields, "source", filter.source());
      put(fields, "state", filter.state());
    } else {
      fields.put("which", "ticked");
      fields.put(
          "ids", selection.ids().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    put(fields, "toScope", form.toScope());
    put(fields, "toList", form.toList());
    fields.put("back", back);
    return fields;
  }

  private static void put(Map<String, String> fields, String name, String value) {
    if (value != null && !value.isBlank()) {
      fields.put(name, value);
    }
  }

  /**
   * Where to go afterwards: the page the form came from when it is a page of this account (never
   * another site), else the scope's entries table.
   */
  static String back(String slug, ScopeDetails scope, String asked) {
    String own = "/accounts/" + slug;
    if (asked != null
        && (asked.equals(own) || asked.startsWith(own + "/") || asked.startsWith(own + "?"))
        && !asked.contains("//")
        && !asked.contains("\\")
        && asked.chars().noneMatch(c -> c < 0x21 || c > 0x7e)) {
      return asked;
    }
    return EntryPages.tableUrl(slug, scope);
  }

  private String title(Action action, long count, EntrySelection selection, ScopeDetails scope) {
    String what = count == 1 ? one(selection) : count + " entries";
    return switch (action) {
          case DELETE -> "Delete ";
          case EXPIRE -> "Expire ";
          case MOVE -> "Move ";
        }
        + what
        + " of "
        + scope.displayName()
        + "?";
  }

  /** The one chosen entry, named by its list and value, when it can be read. */
  private String one(EntrySelection selection) {
    if (selection.byFilter() || selection.ids().size() != 1) {
      return "1 entry";
    }
    try {
      Entry entry = listings.entry(selection.ids().get(0));
      return entry.getKind().listName() + " entry " + entry.getValue();
    } catch (NotFoundException e) {
      return "1 entry";
    }
  }

  private static String message(
      Action action, long count, ScopeDetails scope, ScopeDetails target, ListKind toKind) {
    String they = count == 1 ? "It" : "They";
    return switch (action) {
      case DELETE ->
          they
              + (count == 1 ? " stops" : " stop")
              + " answering in DNS at once, for every mail server using the lists of "
              + scope.displayName()
              + ", and "
              + (count == 1 ? "its" : "their")
              + " hits go too. This cannot be undone; to keep a record, expire instead.";
      case EXPIRE ->
          they
              + (count == 1 ? " stops" : " stop")
              + " answering in DNS at once and "
              + (count == 1 ? "stays" : "stay")
              + " in the list as expired, until purged; adding a value again revives it.";
      case MOVE ->
          they
              + " will answer from the "
              + toKind.listName()
              + " list of "
              + target.displayName()
              + " instead, at once. "
              + (count == 1 ? "It keeps its" : "Each keeps its")
              + " answer, reason, expiry, hits and history. If one value is already there,"
              + " nothing moves.";
    };
  }

  private static String button(Action action, long count) {
    String what = count == 1 ? "1 entry" : count + " entries";
    return switch (action) {
      case DELETE -> "Delete " + what;
      case EXPIRE -> "Expire " + what;
      case MOVE -> "Move " + what;
    };
  }

  private static String outcome(
      Action action, int changed, ScopeDetails scope, ScopeDetails target, ListKind toKind) {
    String what = changed == 1 ? "1 entry" : changed + " entries";
    return switch (action) {
      case DELETE -> what + " of " + scope.displayName() + " deleted; DNS no longer answers them.";
      case EXPIRE -> what + " of " + scope.displayName() + " expired; DNS no longer answers them.";
      case MOVE ->
          what
              + " moved to the "
              + toKind.listName()
              + " list of "
              + target.displayName()
              + "; DNS answers them from there now.";
    };
  }
}
