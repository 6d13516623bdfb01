package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.MailServer;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.imports.Feed;
import dev.palisade.imports.Feeds;
import dev.palisade.imports.ImportFormat;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The feeds of an account and its mail servers ({@link Feeds}): each with its file, last check,
 * last change, entry count and problem, for everyone who sees the account; operators add, check and
 * remove them, since a feed reads a file of the server.
 */
@Controller
class FeedPages {

  private final Feeds feeds;
  private final Accounts accounts;
  private final WebAccess access;

  FeedPages(Feeds feeds, Accounts accounts, WebAccess access) {
    this.feeds = feeds;
    this.accounts = accounts;
    this.access = access;
  }

  /** The form body of a new feed. */
  record FeedForm(String scope, String list, String format, String path) {}

  /** A feed as the page lists it, with the name of what it feeds. */
  record Row(Feed feed, String scope) {}

  @GetMapping("/accounts/{slug}/feeds")
  String list(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    access.caller(user, account);
    return page(model, user, account, new FeedForm("", "block", "ip4set", ""), new FormErrors());
  }

  @PostMapping("/accounts/{slug}/feeds")
  String add(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute FeedForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = operator(user, account);
    FormErrors errors = new FormErrors();
    UploadTarget target =
        UploadTarget.read(
            form.scope(), form.list(), form.format(), name -> access.scope(account, name), errors);
    if (!errors.any()) {
      try {
        Feed feed =
            feeds.add(
                target.scope().scopeId(),
                target.kind(),
                target.format(),
                form.path(),
                WebAccess.actor(caller, request));
        redirect.addFlashAttribute(
            "notice",
            feed.error() == null
                ? "Feed added: " + feed.entryCount() + " entries from " + feed.path() + "."
                : "Feed added, but its file was not applied: " + feed.error());
        return "redirect:/accounts/" + slug + "/feeds";
      } catch (IllegalArgumentException | ConflictException e) {
        errors.add("path", e.getMessage());
      }
    }
    return page(model, user, account, form, errors);
  }

  @PostMapping("/accounts/{slug}/feeds/{id}/check")
  String check(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    operator(user, account);
    Feed feed = feeds.check(owned(account, id).id());
    redirect.addFlashAttribute(
        "notice",
        feed.error() == null
            ? "Checked " + feed.path() + ": " + feed.entryCount() + " entries."
            : "Checked " + feed.path() + ": " + feed.error());
    return "redirect:/accounts/" + slug + "/feeds";
  }

  @PostMapping("/accounts/{slug}/feeds/{id}/delete")
  String remove(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = operator(user, account);
    Feed feed = owned(account, id);
    feeds.remove(feed.id(), WebAccess.actor(caller, request));
    redirect.addFlashAttribute("notice", "Feed of " + feed.path() + " removed with its entries.");
    return "redirect:/accounts/" + slug + "/feeds";
  }

  private String page(
      Model model, SignedInUser user, Account account, FeedForm form, FormErrors errors) {
    Map<Long, String> scopes = scopes(account);
    List<Row> rows = new ArrayList<>();
    for (Feed feed : feeds.ofScopes(new ArrayList<>(scopes.keySet()))) {
      rows.add(new Row(feed, scopes.get(feed.scopeId())));
    }
    model.addAttribute("account", account);
    model.addAttribute("servers", accounts.servers(account.getId()));
    model.addAttribute("rows", rows);
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("operator", user.operator());
    model.addAttribute("directory", feeds.directory().toAbsolutePath().normalize().toString());
    List<ImportFormat> formats = new ArrayList<>();
    for (ImportFormat format : ImportFormat.values()) {
      if (format != ImportFormat.LINES && format != ImportFormat.CSV) {
        formats.add(format);
      }
    }
    model.addAttribute("formats", formats);
    return "feeds/list";
  }

  /** The account's scopes, to the name the page shows. */
  private Map<Long, String> scopes(Account account) {
    Map<Long, String> scopes = new LinkedHashMap<>();
    scopes.put(accounts.accountScope(account.getId()).id(), "the whole account");
    for (MailServer server : accounts.servers(account.getId())) {
      scopes.put(accounts.serverScope(server.getId()).id(), "mail server " + server.getName());
    }
    return scopes;
  }

  private Feed owned(Account account, long id) {
    Feed feed = feeds.feed(id);
    if (!scopes(account).containsKey(feed.scopeId())) {
      throw new NotFoundException("feed " + id + " not found");
    }
    return feed;
  }

  private Caller operator(SignedInUser user, Account account) {
    Caller caller = access.writer(user, account);
    if (!user.operator()) {
      throw new AccessDeniedException("only operators manage feeds");
    }
    return caller;
  }
}
