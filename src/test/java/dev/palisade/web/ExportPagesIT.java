package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.FormClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Downloads from the UI over plain HTTP, where a browser adds nothing: the entries of a filtered
 * view as CSV and as an rbldnsd file, the audit log as CSV filtered as its page is; and the times
 * of a page as a client without JavaScript reads them, in UTC.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = BrowserTestBase.OPERATOR_PASSWORD_PROPERTY)
@ActiveProfiles("test")
class ExportPagesIT {

  private static final Actor ACTOR = new Actor("token:feeder#9", "192.0.2.50", "api");
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Listings listings;

  private String slug;
  private long scope;
  private FormClient client;

  @BeforeEach
  void anAccountWithEntries() {
    slug = "ex" + ACCOUNTS.incrementAndGet();
    scope = accounts.accountScope(accounts.createAccount(slug, null, ACTOR).getId()).id();
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      drafts.add(
          block("10.2." + (i / 250) + "." + (i % 250), i == 3 ? "said \"hi\", twice" : null));
    }
    listings.upsert(scope, drafts, EntrySource.API, ACTOR);
    listings.upsert(
        scope,
        List.of(
            block("2001:db8::7", null),
            block("spam.example", "domain"),
            new EntryDraft(ListKind.ALLOW, EntryValue.parse("10.2.0.9"), null, null, null)),
        EntrySource.API,
        ACTOR);
    client = FormClient.from("127.0.0.1", port);
    client.signIn("admin", BrowserTestBase.OPERATOR_PASSWORD);
  }

  private static EntryDraft block(String value, String reason) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), 0x7f00000a, reason, null);
  }

  @Test
  void aFilteredViewDownloadsAsCsvWithEveryRowInTheTablesOrder() {
    FormClient.Page csv =
        client.get(
            "/accounts/" + slug + "/entries/export?format=csv&type=ipv4&sort=value&q=10.2.0.");

    assertThat(csv.status()).isEqualTo(200);
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "value,reason,return code,expires,list,type,state,source,created,created by,updated,"
                + "updated by");
    // 10.2.0.0 to 10.2.0.249 blocked and 10.2.0.9 allowed; .9 before .10 (numeric order).
    assertThat(lines).hasSize(1 + 251);
    assertThat(lines.get(1)).startsWith("10.2.0.0,,127.0.0.10,,block,ipv4,active,api,");
    assertThat(lines.get(4)).startsWith("10.2.0.3,\"said \"\"hi\"\", twice\",127.0.0.10,");
    assertThat(lines.get(10)).startsWith("10.2.0.9,,,,allow,ipv4,active,api,");
    assertThat(lines.get(11)).startsWith("10.2.0.9,,127.0.0.10,,block,");
    assertThat(lines.get(12)).startsWith("10.2.0.10,");
    assertThat(csv.body()).doesNotContain("2001:db8::7").doesNotContain("spam.example");

    FormClient.Page all = client.get("/accounts/" + slug + "/entries/export?format=csv");
    assertThat(all.body().lines().count()).isEqualTo(1 + 2_503);
  }

  @Test
  void aViewDownloadsAsAnRbldnsdFileOfItsValueType() {
    FormClient.Page file =
        client.get("/accounts/" + slug + "/entries/export?format=ip4trie&q=10.2.0.");

    assertThat(file.status()).isEqualTo(200);
    List<String> lines = file.body().lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(lines.subList(0, 3)).allMatch(l -> l.startsWith("$"));
    assertThat(lines.get(3)).startsWith("127.0.0.2 :127.0.0.2:");
    assertThat(lines.get(4)).isEqualTo("!127.0.0.1");
    assertThat(lines.get(5)).startsWith("10.2.0.0 :127.0.0.10:");
    // The allow entry of 10.2.0.9 decides for it: an exclusion, not a listing.
    assertThat(lines).contains("!10.2.0.9").doesNotContain("10.2.0.9 :127.0.0.10:Blocked");
    assertThat(lines.stream().filter(l -> l.startsWith("10.2.0."))).hasSize(249);

    FormClient.Page wrong =
        client.get("/accounts/" + slug + "/entries/export?format=dnset&type=ipv4");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body()).contains("download it as ip4trie or CSV");
  }

  @Test
  void theAuditLogDownloadsAsCsvFilteredAsItsPage() {
    FormClient.Page csv = client.get("/accounts/" + slug + "/audit/export.csv?q=spam.example");

    assertThat(csv.status()).isEqualTo(200);
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "id,at,account,scope,actor,client address,source,action,object type,object id,"
                + "items,summary,before,after");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1))
        .contains(",token:feeder#9,192.0.2.50,api,CREATE,ENTRY,,3,")
        .contains(",3,\"3 entries changed (3 created), first: ")
        .doesNotContain("CHANGE");

    FormClient.Page everything = client.get("/accounts/" + slug + "/audit/export.csv");
    // Each write of entries is one line with its count.
    assertThat(everything.body().lines().filter(line -> line.contains(",ENTRY,"))).hasSize(2);
    assertThat(everything.body()).contains(",2500,\"2500 entries changed (2500 created), first: ");
  }

  @Test
  void withoutJavaScriptTimesReadInUtcWithTheirMomentForTheScript() {
    FormClient.Page page = client.get("/accounts/" + slug + "/audit");

    assertThat(page.body())
        .containsPattern(
            "<time datetime=\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\" data-local"
                + "\\s+title=\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\">\\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\d UTC</time>")
        .contains("<script src=\"/js/local-times.js\" defer></script>");
    assertThat(client.get("/js/local-times.js").status()).isEqualTo(200);
  }
}
