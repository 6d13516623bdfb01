package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.NotFoundException;
import dev.palisade.imports.ImportFormat;
import dev.palisade.imports.ImportJobStatus;
import dev.palisade.imports.ImportJobs;
import dev.palisade.imports.Uploads;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Imports a file of any size as it is, without the bulk page's preview: the upload is saved to disk
 * and imported in the background ({@link ImportJobs}), and its page shows how far it got,
 * refreshing itself until it is done; a file with bad lines stores nothing and lists them. The
 * {@code palisade.imports.*} limits apply, as to every import of the web UI.
 */
@Controller
class ImportPages {

  private final ImportJobs jobs;
  private final Accounts accounts;
  private final WebAccess access;

  ImportPages(ImportJobs jobs, Accounts accounts, WebAccess access) {
    this.jobs = jobs;
    this.accounts = accounts;
    this.access = access;
  }

  /**
   * The form body.
   *
   * @param confirmWide {@code true} to store wide entries (networks wider than {@code
   *     palisade.guard.*}, top-level names); without it a file holding one stores nothing
   */
  record ImportForm(String scope, String list, String format, String confirmWide) {}

  @GetMapping("/accounts/{slug}/imports")
  String form(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    return page(model, account, new ImportForm("", "block", "ip4set", null), new FormErrors());
  }

  @PostMapping("/accounts/{slug}/imports")
  String submit(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute ImportForm form,
      @RequestParam(required = false) MultipartFile file,
      HttpServletRequest request,
      Model model)
      throws IOException {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    FormErrors errors = new FormErrors();
    UploadTarget target =
        UploadTarget.read(
            form.scope(), form.list(), form.format(), name -> access.scope(account, name), errors);
    if (file == null || file.isEmpty()) {
      errors.add("file", "choose a file");
    }
    if (errors.any()) {
      return page(model, account, form, errors);
    }
    Path saved;
    try (InputStream in = file.getInputStream()) {
      saved = Uploads.save(in);
    }
    String name =
        file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
            ? "file"
            : file.getOriginalFilename();
    ImportJobStatus job =
        jobs.submit(
            target.scope().scopeId(),
            target.kind(),
            target.format(),
            name,
            saved,
            WebAccess.actor(caller, request),
            "true".equals(form.confirmWide()));
    return "redirect:/accounts/"
        + slug
        + "/imports/"
        + job.id()
        + "?scope="
        + URLEncoder.encode(form.scope() == null ? "" : form.scope(), StandardCharsets.UTF_8);
  }

  @GetMapping("/accounts/{slug}/imports/{id}")
  String job(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String id,
      @RequestParam(required = false) String scope,
      Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    ScopeDetails target = access.scope(account, scope);
    ImportJobStatus job =
        jobs.status(target.scopeId(), id)
            .orElseThrow(() -> new NotFoundException("import " + id + " not found"));
    model.addAttribute("account", account);
    model.addAttribute("scope", target);
    model.addAttribute("job", job);
    model.addAttribute(
        "running",
        job.state() == ImportJobStatus.State.QUEUED
            || job.state() == ImportJobStatus.State.RUNNING);
    // Before anything is stored (PostgreSQL stores it all at once), how much was read into the
    // database.
    long done = job.stored() > 0 ? job.stored() : job.staged();
    model.addAttribute(
        "percent", job.entries() == 0 ? 0 : Math.min(100, done * 100 / job.entries()));
    model.addAttribute("entriesUrl", EntryPages.tableUrl(slug, target));
    return "imports/job";
  }

  private String page(Model model, Account account, ImportForm form, FormErrors errors) {
    model.addAttribute("account", account);
    model.addAttribute("servers", accounts.servers(account.getId()));
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("formats", ImportFormat.values());
    return "imports/upload";
  }
}
