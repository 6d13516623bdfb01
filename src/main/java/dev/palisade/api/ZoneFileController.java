package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportException;
import dev.palisade.imports.ImportFormat;
import dev.palisade.imports.ImportResult;
import dev.palisade.imports.ImportSource;
import dev.palisade.imports.ImportSpec;
import dev.palisade.imports.Imports;
import dev.palisade.imports.ReadImport;
import dev.palisade.listing.EntryGuard;
import dev.palisade.listing.EntrySource;
import dev.palisade.zonefile.ZoneFileExport;
import dev.palisade.zonefile.ZoneFileFormat;
import dev.palisade.zonefile.ZoneFileIssue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
 * is passed, and gzip that cannot be inflated with 400.
 */
@RestController
@RequestMapping("/api/v1/accounts/{account}")
class ZoneFileController {

  private final ScopeAccess access;
  private final Imports imports;
  private final ZoneFileExport export;
  private final EntryGuard guard;

  ZoneFileController(ScopeAccess access, Imports imports, ZoneFileExport export, EntryGuard guard) {
    this.guard = guard;
    this.access = access;
    this.imports = imports;
    this.export = export;
  }

  @PostMapping({"/import", "/servers/{server}/import"})
  ImportResult importFile(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String list,
      @RequestParam(defaultValue = "body") String name,
      @RequestParam(defaultValue = "false") boolean confirmWide,
      @RequestBody(required = false) byte[] body,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    ImportFormat parsedFormat = importFormat(format);
    ListKind kind = kind(list);
    if (body == null || body.length == 0) {
      throw InvalidRequestException.field("body", "the body is empty; send the data file");
    }
    ImportSpec spec = new ImportSpec(kind, parsedFormat, null, imports.limits());
    try {
      return imports.oneAtATime(
          () -> {
            ReadImport read = imports.read(spec, List.of(ImportSource.of(name, body)));
            if (!confirmWide && read.ok()) {
              List<String> wide = guard.wide(read.drafts());
              if (!wide.isEmpty()) {
                throw InvalidRequestException.field(
                    "confirmWide",
                    wide.size()
                        + " wide entries, not confirmed; nothing was imported. Add"
                        + " confirmWide=true to store them. "
                        + String.join("; ", wide.subList(0, Math.min(10, wide.size()))));
              }
            }
            return imports.store(
                scope.scopeId(), read, EntrySource.IMPORT, ClientAddress.actor(caller, request));
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does not fail
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
    }
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
