package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.system.security.SignedInUser;
import dev.palisade.zonefile.ViewExport;
import dev.palisade.zonefile.ZoneFileFormat;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Downloads of what the entries table shows: {@code .../entries/export?format=csv} (or {@code
 * ip4trie}, {@code ip6trie}, {@code dnset}) with the table's own filters and order, streamed as the
 * rows are read ({@link ViewExport}). A format that does not fit the view is a 400 page saying why.
 */
@Controller
class EntryExportPages {

  private final ViewExport export;
  private final WebAccess access;

  EntryExportPages(ViewExport export, WebAccess access) {
    this.export = export;
    this.access = access;
  }

  @GetMapping("/accounts/{slug}/entries/export")
  ResponseEntity<StreamingResponseBody> export(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute("query") EntryPages.TableQuery query,
      @RequestParam(defaultValue = "csv") String format) {
    Account account = access.account(user, slug);
    ScopeDetails scope = access.scope(account, query.scope());
    String name = scope.label() + "-entries";
    String wanted = format.strip().toLowerCase(Locale.ROOT);
    StreamingResponseBody body;
    MediaType type;
    if (wanted.equals("csv")) {
      name += ".csv";
      type = new MediaType("text", "csv", StandardCharsets.UTF_8);
      body =
          stream -> {
            Writer out = writer(stream);
            export.csv(scope.scopeId(), query.filter(), query.entrySort(), out);
            out.flush();
          };
    } else {
      ZoneFileFormat rbldnsd = rbldnsdFormat(wanted);
      ListKind list = query.filter().kind() == null ? ListKind.BLOCK : query.filter().kind();
      if (query.filter().type() != null && !fits(rbldnsd, query.filter().type())) {
        throw new IllegalArgumentException(
            "This view shows only "
                + query.type()
                + " entries; download it as "
                + formatFor(query.filter().type())
                + " or CSV.");
      }
      name += "." + rbldnsd.rbldnsdName();
      type = new MediaType("text", "plain", StandardCharsets.UTF_8);
      body =
          stream -> {
            Writer out = writer(stream);
            export.rbldnsd(scope.scopeId(), query.filter(), list, rbldnsd, out);
            out.flush();
          };
    }
    return ResponseEntity.ok()
        .contentType(type)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(name).build().toString())
        .body(body);
  }

  private static ZoneFileFormat rbldnsdFormat(String name) {
    ZoneFileFormat format = ZoneFileFormat.find(name);
    if (format != ZoneFileFormat.IP4TRIE
        && format != ZoneFileFormat.IP6TRIE
        && format != ZoneFileFormat.DNSET) {
      throw new IllegalArgumentException(
          "Download the entries as csv, ip4trie, ip6trie or dnset, not '"
              + dev.palisade.common.Excerpts.cut(name)
              + "'.");
    }
    return format;
  }

  private static boolean fits(ZoneFileFormat format, dev.palisade.dnsbl.ValueType type) {
    return formatFor(type) == format;
  }

  private static ZoneFileFormat formatFor(dev.palisade.dnsbl.ValueType type) {
    return switch (type) {
      case IPV4 -> ZoneFileFormat.IP4TRIE;
      case IPV6 -> ZoneFileFormat.IP6TRIE;
      case DOMAIN -> ZoneFileFormat.DNSET;
    };
  }

  private static Writer writer(java.io.OutputStream stream) {
    return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
  }
}
