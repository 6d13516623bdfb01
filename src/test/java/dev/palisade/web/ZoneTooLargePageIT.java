package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.FormClient;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A zone over {@code palisade.transfer.max-records} is refused to secondaries as a whole; the
 * server's page says so, with the limit and the setting, so the admin knows why the secondaries
 * lack it. Over HTTP, with a real transfer refused over TCP first.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      BrowserTestBase.OPERATOR_PASSWORD_PROPERTY,
      "palisade.transfer.allow=127.0.0.1/32",
      "palisade.transfer.max-records=20"
    })
@ActiveProfiles("test")
class ZoneTooLargePageIT {

  private static final Actor ACTOR = Actor.system("test");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired DnsServer dnsServer;

  @Test
  void theServerPageSaysWhichZoneIsTooLargeToTransferWithTheLimitAndTheSetting()
      throws IOException {
    long accountId = accounts.createAccount("huge", null, ACTOR).getId();
    long scopeId =
        accounts.serverScope(accounts.createServer(accountId, "mx1", ACTOR).getId()).id();
    for (int i = 1; i <= 15; i++) {
      listings.create(
          scopeId,
          new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2." + i), null, "spam", null),
          EntrySource.API,
          ACTOR);
    }
    listings.create(
        scopeId,
        new EntryDraft(ListKind.BLOCK, EntryValue.parse("spam.example"), null, "spam", null),
        EntrySource.API,
        ACTOR);
    FormClient admin = FormClient.from("127.0.0.1", port);
    admin.signIn("admin", BrowserTestBase.OPERATOR_PASSWORD);

    assertThat(admin.open("/accounts/huge/servers/mx1").body()).doesNotContain("too large");

    // A secondary asks: 15 addresses render to more than 20 records, so it is refused.
    assertThat(axfrRcode("huge-mx1.bl.rbl.palisade.test.")).isEqualTo(Rcode.REFUSED);
    assertThat(axfrRcode("huge-mx1.dbl.rbl.palisade.test.")).isEqualTo(Rcode.NOERROR);

    String page = text(admin.open("/accounts/huge/servers/mx1").body());
    assertThat(page)
        .contains(
            "huge-mx1.bl.rbl.palisade.test is too large to transfer: more than 20 records,"
                + " the limit palisade.transfer.max-records sets.");
    assertThat(page).doesNotContain("huge-mx1.dbl.rbl.palisade.test is too large");
  }

  /** The page as a reader sees it: tags removed, white space collapsed. */
  private static String text(String html) {
    return html.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
  }

  private int axfrRcode(String zone) throws IOException {
    byte[] wire =
        Message.newQuery(Record.newRecord(Name.fromConstantString(zone), Type.AXFR, DClass.IN))
            .toWire();
    try (Socket socket = new Socket("127.0.0.1", dnsServer.port())) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return new Message(answer).getRcode();
    }
  }
}
