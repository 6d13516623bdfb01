package dev.palisade.imports;

import static dev.palisade.support.Dig.addresses;
import static dev.palisade.support.Dig.rcode;
import static dev.palisade.support.Dig.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.common.FirstStartLock;
import dev.palisade.dns.DnsServer;
import dev.palisade.listing.Listings;
import dev.palisade.support.Dig;
import dev.palisade.zonefile.ZoneFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * The quick start: on first start the shipped {@code zones/} are imported into the demo account and
 * answer over DNS, as the README's examples say.
 */
@SpringBootTest(properties = "palisade.samples.import-on-empty=true")
@ActiveProfiles("test")
class SampleZonesIT {

  private static final String BASE = ".rbl.palisade.test";

  @Autowired DnsServer server;
  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired FirstStartLock lock;

  private Dig dig;

  @BeforeEach
  void dig() {
    dig = new Dig(server.port());
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the README's examples
        "2.0.0.127.demo-mx1.bl    | A | NOERROR  | 127.0.0.2",
        "3.2.0.192.demo-mx1.bl    | A | NOERROR  | 127.0.0.3",
        "1.0.0.127.demo-mx1.bl    | A | NXDOMAIN | ",
        // an mx1 allow entry inside an account-wide block
        "20.2.0.192.demo.bl       | A | NOERROR  | 127.0.0.4",
        "20.2.0.192.demo-mx1.bl   | A | NXDOMAIN | ",
        "20.2.0.192.demo-mx1.wl   | A | NOERROR  | 127.0.0.2",
        // an mx1 block beating the account's allow of the same address
        "5.113.0.203.demo.wl      | A | NOERROR  | 127.0.0.2",
        "5.113.0.203.demo-mx1.bl  | A | NOERROR  | 127.0.0.3",
        // a range, a partial-octet network and an exclusion inside it
        "40.113.0.203.demo.bl     | A | NOERROR  | 127.0.0.2",
        "7.100.51.198.demo.bl     | A | NOERROR  | 127.0.0.5",
        "25.100.51.198.demo.bl    | A | NXDOMAIN | ",
        // ... excluded, not allowed: no list names it (an allow would skip the later checks)
        "25.100.51.198.demo.wl    | A | NXDOMAIN | ",
        // IPv6: 2001:db8:1::25
        "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.demo.bl | A | NOERROR | 127.0.0.3",
        // ip6tset: a /64 of mx1 with one address excluded
        "9.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.6.0.0.0.8.b.d.0.1.0.0.2.demo-mx1.bl | A | NOERROR | 127.0.0.3",
        "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.6.0.0.0.8.b.d.0.1.0.0.2.demo-mx1.bl | A | NXDOMAIN | ",
        // combined: an IPv4 dataset and a dnset of mx1's allow list
        "66.100.51.198.demo-mx1.wl | A | NOERROR | 127.0.0.2",
        "mail.partner.example.org.demo-mx1.dwl | A | NOERROR | 127.0.0.2",
        // domains
        "x.bulk-mailer.example.net.demo-mx1.dbl | A | NOERROR  | 127.0.0.3",
        "newsletter.bulk-mailer.example.net.demo.dbl | A | NXDOMAIN | ",
        "newsletter.bulk-mailer.example.net.demo.dwl | A | NXDOMAIN | ",
        "a.phish.example.org.demo.dbl | A | NOERROR  | 127.0.0.4",
        "phish.example.org.demo.dbl   | A | NOERROR  | ",
        "mail.partner.example.com.demo.dwl | A | NOERROR | 127.0.0.2",
      })
  void shippedSamplesAnswer(String name, String type, String rcode, String address) {
    Message answer = dig.udp(name + BASE, Type.value(type));

    assertThat(rcode(answer)).isEqualTo(rcode);
    if (address != null) {
      assertThat(addresses(answer)).containsExactly(address);
    } else {
      assertThat(addresses(answer)).isEmpty();
    }
  }

  @Test
  void txtCarriesTheReasonWithTheQueriedAddress() {
    assertThat(texts(dig.udp("3.2.0.192.demo-mx1.bl" + BASE, Type.TXT)))
        .containsExactly("Open relay at 192.0.2.3");
    assertThat(texts(dig.tcp("x.bulk-mailer.example.net.demo.dbl" + BASE, Type.TXT)))
        .containsExactly("Bulk mailer bulk-mailer.example.net");
  }

  @Test
  void brokenSampleFileStopsTheImportWithLineNumbersAndStoresNothing(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("manifest.txt"),
        "good.txt  broken  block  ip4set\nbad.txt  broken/mx9  block  ip4set\n");
    Files.writeString(dir.resolve("good.txt"), "192.0.2.1\n");
    Files.writeString(dir.resolve("bad.txt"), "192.0.2.1\n192.0.2.300\n10.0.0.0/99\n");
    SampleZones importer = new SampleZones(accounts, listings, true, dir, lock);
    int accountsBefore = accounts.allAccounts().size();

    assertThatThrownBy(() -> importer.importAll(dir.resolve("manifest.txt")))
        .isInstanceOf(ZoneFileException.class)
        .hasMessageContaining("bad.txt: 2 bad lines")
        .hasMessageContaining("line 2: ")
        .hasMessageContaining("line 3: ");
    assertThat(accounts.allAccounts()).hasSize(accountsBefore);
  }
}
