package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportFormat;
import dev.palisade.imports.ImportLimitException;
import dev.palisade.imports.ImportResult;
import dev.palisade.imports.ImportSource;
import dev.palisade.imports.Imports;
import dev.palisade.listing.EntryGuard;
import dev.palisade.listing.EntrySource;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Adds many entries at once from pasted lines or an uploaded file, in any of the import formats
 * (the same pipeline as the REST API's import and the command line, {@link Imports}). Nothing is
 * stored until a preview shows every entry read and every bad line, and there is no bad line left:
 * the admin fixes the lines in place or drops them, and saves. The save reads the text again (the
 * preview is not trusted) and stores everything in one transaction.
 */
@Controller
class BulkPages {

  /** How many entries the preview lists; the rest are counted. */
  static final int PREVIEW_ROWS = 100;

  /**
   * Longest text an uploaded file may decode to, besides the import limits: the text comes back
   * with the form to be saved, and a form may not be larger than the largest upload ({@code
   * spring.servlet.multipart.max-request-size}, 32MB).
   */
  static final int MAX_TEXT = 32 * 1024 * 1024;

  private final Imports imports;
  private final Accounts accounts;
  private final WebAccess access;
  private final Clock clock;
  private final EntryGuard guard;

  BulkPages(Imports imports, Accounts accounts, WebAccess access, Clock clock, EntryGuard guard) {
    this.guard = guard;
    this.imports = imports;
    this.accounts = accounts;
    this.access = access;
    this.clock = clock;
  }

  /**
   * The form body.
   *
   * @param action {@code preview}, {@code drop} (the bad lines, then preview) or {@code save}
   */
  record BulkForm(
      String scope, String list, String format, String text, String expiresIn, String action) {}

  @GetMapping("/accounts/{slug}/entries/bulk")
  String form(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @RequestParam(required = false) String scope,
      Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    return page(
        model,
        account,
        new BulkForm(scope == null ? "" : scope, "block", "lines", "", "", "preview"),
        null,
        new FormErrors());
  }

  @PostMapping("/accounts/{slug}/entries/bulk")
  String submit(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute BulkForm form,
      @RequestParam(required = false) MultipartFile file,
      @RequestParam(required = false) String confirmWide,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    model.addAttribute("confirmWide", "true".equals(confirmWide));
    try {
      // Reading an upload, checking and saving it: one import at a time, as the REST API's.
      return imports.oneAtATime(
          () -> check(account, caller, form, file, request, response, model, redirect));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // check reports unreadable files on the page
    }
  }

  private String check(
      Account account,
      Caller caller,
      BulkForm form,
      MultipartFile file,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    String slug = account.getSlug();
    FormErrors errors = new FormErrors();
    UploadTarget target =
        UploadTarget.read(
            form.scope(), form.list(), form.format(), name -> access.scope(account, name), errors);
    ScopeDetails scope = target.scope();
    ListKind kind = target.kind();
    String format = target.format() == null ? null : target.format().formatName();
    Instant expiry = expiry(form.expiresIn(), errors);
    String text = form.text() == null ? "" : form.text();
    if (file != null && !file.isEmpty()) {
      try {
        text = read(file);
      } catch (ImportLimitException e) {
        errors.add("file", e.getMessage());
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
      } catch (IOException | IllegalArgumentException e) {
        errors.add("file", "the file cannot be read: " + e.getMessage());
        response.setStatus(HttpStatus.BAD_REQUEST.value());
      }
    }
    if (!errors.any() && text.isBlank()) {
      errors.add("text", "paste some lines or choose a file");
    }
    BulkForm shown =
        new BulkForm(form.scope(), form.list(), form.format(), text, form.expiresIn(), "preview");
    if (errors.any()) {
      return page(model, account, shown, null, errors);
    }
    Instant now = clock.instant();
    BulkPreview.Result result;
    try {
      result = BulkPreview.read(text, format, kind, expiry, now, imports.limits());
      if ("drop".equals(form.action()) && result.badCount() > 0) {
        text = BulkPreview.withoutBadLines(text, result);
        shown = new BulkForm(form.scope(), form.list(), form.format(), text, form.expiresIn(), "");
        result = BulkPreview.read(text, format, kind, expiry, now, imports.limits());
      }
    } catch (ImportLimitException e) {
      errors.add(FormErrors.FORM, e.getMessage());
      response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
      return page(model, account, shown, null, errors);
    }
    List<String> wide = result.ok() ? guard.wide(result.drafts()) : List.of();
    model.addAttribute("wide", wide.subList(0, Math.min(PREVIEW_ROWS, wide.size())));
    model.addAttribute("wideCount", wide.size());
    model.addAttribute("formatHint", formatHint(format, text, result));
    boolean unconfirmed =
        !wide.isEmpty() && !Boolean.TRUE.equals(model.getAttribute("confirmWide"));
    if (!"save".equals(form.action()) || !result.ok() || unconfirmed) {
      if ("save".equals(form.action())) {
        errors.add(
            FormErrors.FORM,
            result.ok()
                ? "nothing was saved: confirm the wide entries listed below first"
                : "nothing was saved: fix or drop the bad lines first");
      }
      return page(model, account, shown, result, errors);
    }
    ImportResult saved;
    try {
      saved =
          imports.store(
              scope.scopeId(), result.read(), EntrySource.MANUAL, WebAccess.actor(caller, request));
    } catch (IllegalArgumentException e) {
      errors.add(FormErrors.FORM, "nothing was saved: " + e.getMessage());
      return page(model, account, shown, result, errors);
    }
    redirect.addFlashAttribute(
        "notice",
        "Saved to "
            + scope.displayName()
            + ": "
            + saved.created()
            + " new, "
            + saved.updated()
            + " updated, "
            + saved.unchanged()
            + " unchanged.");
    return "redirect:" + EntryPages.tableUrl(slug, scope);
  }

  /**
   * When lines read in the plain formats are bad and the text looks like an rbldnsd data file
   * (directives, {@code :code:text} values, {@code !} exclusions, ranges), which format to choose
   * instead; null otherwise.
   */
  static String formatHint(String format, String text, BulkPreview.Result result) {
    if (result.badCount() == 0 || !("lines".equals(format) || "csv".equals(format))) {
      return null;
    }
    boolean rbldnsd =
        text.lines()
            .map(String::strip)
            .anyMatch(
                line ->
                    line.startsWith("$")
                        || line.startsWith(":")
                        || line.startsWith("!")
                        || line.matches("[0-9.]+-[0-9.]+(\\s.*)?")
                        || line.matches("\\S+\\s+:[0-9.]+:.*"));
    return rbldnsd
        ? "These lines look like an rbldnsd data file: choose its format — ip4set (addresses,"
            + " ranges), ip4trie, ip6trie, dnset (domains) or combined — and check again."
        : null;
  }

  private String page(
      Model model, Account account, BulkForm form, BulkPreview.Result result, FormErrors errors) {
    model.addAttribute("account", account);
    model.addAttribute("servers", accounts.servers(account.getId()));
    model.addAttribute("form", form);
    model.addAttribute("result", result);
    model.addAttribute(
        "previewRows",
        result == null
            ? List.of()
            : result.drafts().subList(0, Math.min(PREVIEW_ROWS, result.drafts().size())));
    model.addAttribute("errors", errors);
    model.addAttribute("formats", ImportFormat.values());
    model.addAttribute("durations", EntryForm.DURATIONS);
    return "entries/bulk";
  }

  private Instant expiry(String expiresIn, FormErrors errors) {
    if (expiresIn == null || expiresIn.isBlank()) {
      return null;
    }
    Instant now = clock.instant();
    return switch (expiresIn) {
      case "1h" -> now.plus(Duration.ofHours(1));
      case "1d" -> now.plus(Duration.ofDays(1));
      case "7d" -> now.plus(Duration.ofDays(7));
      case "30d" -> now.plus(Duration.ofDays(30));
      case "90d" -> now.plus(Duration.ofDays(90));
      default -> {
        errors.add("expiresIn", "choose one of the offered durations");
        yield null;
      }
    };
  }

  /**
   * The file's text: UTF-8, or gzip-compressed UTF-8, decoded as every import decodes it and within
   * the same limits.
   */
  private String read(MultipartFile file) throws IOException {
    ImportSource upload =
        new ImportSource() {
          @Override
          public String name() {
            return "file";
          }

          @Override
          public InputStream open() throws IOException {
            return file.getInputStream();
          }
        };
    return imports.text(upload, MAX_TEXT);
  }
}
