package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.account.ScopeDetails;
import dev.palisade.audit.Actor;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportException;
import dev.palisade.imports.ImportFormat;
import dev.palisade.imports.ImportJobStatus;
import dev.palisade.imports.ImportJobs;
import dev.palisade.imports.ImportProgress;
import dev.palisade.imports.ImportSource;
import dev.palisade.imports.Imports;
import dev.palisade.imports.UnconfirmedWideException;
import dev.palisade.imports.Uploads;
import dev.palisade.zonefile.ZoneFileExport;
import dev.palisade.zonefile.ZoneFileFormat;
import dev.palisade.zonefile.ZoneFileIssue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists in and out of one scope as files: {@code POST .../import?format=csv&list=block} with the
 * file as the body, in any {@link ImportFormat} (plain or gzip-compressed UTF-8, whatever the
 * content type says), read by the same pipeline as the web UI and the command line; {@code GET
 * .../export?format=ip4trie&list=block} as an rbldnsd data file, text/plain. An import is one
 * transaction: one bad line stores nothing, and the problem lists every bad line by number. An
 * import larger than the {@code palisade.imports.*} limits is refused with 413 as soon as a limit
 * is passed, and gzip that cannot be inflated with 400. The body is saved to disk as it arrives and
 * read from there a batch at a time, so its size costs disk, not heap. With {@code async=true} the
 * import runs in the background: 202 with the job's status and its URL in {@code Location}, which
 * {@code GET .../import-jobs/{id}} answers until it is done.
 */
@RestController
@RequestMapping("/api/v1/accounts/{account}")
class ZoneFileController {

  private final ScopeAccess access;
  private final Imports imports;
  private final ImportJobs jobs;
  private final ZoneFileExport export;

  ZoneFileController(ScopeAccess access, Imports imports, ImportJobs jobs, ZoneFileExport export) {
    this.access = access;
    this.imports = imports;
    this.jobs = jobs;
    this.export = export;
  }

  @PostMapping({"/import", "/servers/{server}/import"})
  ResponseEntity<?> importFile(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String list,
      @RequestParam(defaultValue = "body") String name,
      @RequestParam(defaultValue = "false") boolean confirmWide,
      @RequestParam(defaultValue = "false") boolean async,
      HttpServletRequest request)
      throws IOException {
    ScopeDetails scope = access.scope(caller, account, server, true);
    ImportFormat parsedFormat = importFormat(format);
    ListKind kind = kind(list);
    Path upload = Uploads.save(request.getInputStream());
    boolean handedOver = false;
    try {
      if (Files.size(upload) == 0) {
        throw InvalidRequestException.field("body", "the body is empty; send the data file");
      }
      Actor actor = ClientAddress.actor(caller, request);
      if (async) {
        ImportJobStatus job =
            jobs.submit(scope.scopeId(), kind, parsedFormat, name, upload, actor, confirmWide);
        handedOver = true;
        return ResponseEntity.accepted()
            .location(
                URI.create(
                    request.getRequestURI().replaceFirst("/import$", "/import-jobs/" + job.id())))
            .body(job);
      }
      return ResponseEntity.ok(
          imports.importSource(
              scope.scopeId(),
              kind,
              parsedFormat,
              ImportSource.named(name, upload),
              actor,
              confirmWide,
              ImportProgress.NONE));
    } catch (ImportException e) {
      List<InvalidField> fields = new ArrayList<>();
      for (ZoneFileIssue issue : e.errors()) {
        fields.add(
            new InvalidField(
                issue.line(),
                "body",
                issue.message() + (issue.text().isEmpty() ? "" : " [" + issue.text() + "]")));
      }
      throw new InvalidRequestException(e.count() + "; nothing was imported", fields);
    } catch (UnconfirmedWideException e) {
      throw InvalidRequestException.field(
          "confirmWide",
          e.getMessage() + ". Add confirmWide=true to store them. " + String.join("; ", e.wide()));
    } finally {
      if (!handedOver) {
        Files.deleteIfExists(upload);
      }
    }
  }

  /** Where a background import ({@code async=true}) stands; 404 once it is forgotten. */
  @GetMapping({"/import-jobs/{id}", "/servers/{server}/import-jobs/{id}"})
  ImportJobStatus importJob(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @PathVariable String id) {
    ScopeDetails scope = access.scope(caller, account, server, false);
    return jobs.status(scope.scopeId(), id)
        .orElseThrow(() -> new NotFoundException("no import job " + id + " here"));
  }

  @GetMapping(
      value = {"/export", "/servers/{server}/export"},
      produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> exportFile(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String list)
      throws IOException {
    ScopeDetails scope = access.scope(caller, account, server, false);
    ZoneFileFormat parsedFormat = exportFormat(format);
    if (!parsedFormat.exportable()) {
      throw InvalidRequestException.field(
          "format", parsedFormat + " is for imports; export as " + ZoneFileFormat.exportNames());
    }
    ListKind kind = kind(list);
    if (!kind.listed()) {
      throw InvalidRequestException.field(
          "list",
          "list=exclude has no zone to export: export block or allow, whose files hold the"
              + " exclusions as '!' lines");
    }
    StringWriter out = new StringWriter();
    export.export(scope.scopeId(), kind, parsedFormat, out);
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .body(out.toString());
  }

  private static ImportFormat importFormat(String format) {
    if (format == null || format.isBlank()) {
      throw InvalidRequestException.field(
          "format", "format is missing: expected one of " + ImportFormat.names());
    }
    try {
      return ImportFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.field("format", e.getMessage());
    }
  }

  private static ZoneFileFormat exportFormat(String format) {
    if (format == null || format.isBlank()) {
      throw InvalidRequestException.field(
          "format", "format is missing: expected " + ZoneFileFormat.exportNames());
    }
    try {
      return ZoneFileFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      String name = format.strip().toLowerCase(Locale.ROOT);
      throw InvalidRequestException.field(
          "format",
          name.equals("lines") || name.equals("csv")
              ? name + " is for imports; export as " + ZoneFileFormat.exportNames()
              : e.getMessage());
    }
  }

  private static ListKind kind(String list) {
    try {
      return EntryRequests.kind(list);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.field("list", e.getMessage());
    }
  }
}
