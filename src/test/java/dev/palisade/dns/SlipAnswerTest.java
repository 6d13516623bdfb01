package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.QueryHandler.Transport;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** Slips made from the server's real answers, read back by dnsjava. */
class SlipAnswerTest {

  private static final DnsSettings SETTINGS = DnsSettings.defaults();
  private static final QueryHandler HANDLER =
      new QueryHandler(SETTINGS, () -> FakeIndex.standard());

  private static byte[] answer(Message query) {
    byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];
    byte[] wire = query.toWire();
    int size = HANDLER.answer(wire, wire.length, Transport.UDP, HANDLER.newFastPath(), out);
    return Arrays.copyOf(out, size);
  }

  @ParameterizedTest(name = "{0} {1} edns={2}")
  @CsvSource({
    "6.113.0.203.demo.bl.rbl.palisade.test, ANY, true, NOERROR",
    "6.113.0.203.demo.bl.rbl.palisade.test, TXT, true, NOERROR",
    "2.0.0.127.demo.bl.rbl.palisade.test, ANY, false, NOERROR",
    "4.3.2.10.demo.bl.rbl.palisade.test, A, true, NXDOMAIN",
    "4.3.2.10.demo.bl.rbl.palisade.test, A, false, NXDOMAIN",
    "www.example.com, A, true, REFUSED",
  })
  void keepsHeaderQuestionAndOptAndDropsEveryRecord(
      String name, String type, boolean edns, String rcode) throws Exception {
    Message query = edns ? queryWithEdns(name, type, 1232, 0, 0) : DnsTestSupport.query(name, type);
    byte[] full = answer(query);
    Message before = new Message(full);

    byte[] buffer = Arrays.copyOf(full, full.length + 100);
    int length = SlipAnswer.truncate(buffer, full.length);
    Message slip = new Message(Arrays.copyOf(buffer, length));

    if (before.getSection(Section.ANSWER).size() + before.getSection(Section.AUTHORITY).size()
        > 0) {
      assertThat(length).isLessThan(full.length);
    }
    assertThat(length).as("no amplification").isLessThanOrEqualTo(query.toWire().length);
    assertThat(slip.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(slip.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(slip.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(slip.getHeader().getFlag(Flags.AA)).isEqualTo(before.getHeader().getFlag(Flags.AA));
    assertThat(Rcode.string(slip.getRcode())).isEqualTo(rcode);
    assertThat(slip.getQuestion()).isEqualTo(query.getQuestion());
    assertThat(slip.getSection(Section.ANSWER)).isEmpty();
    assertThat(slip.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(slip.getOPT() != null).isEqualTo(edns);
    assertThat(slip.getSection(Section.ADDITIONAL)).hasSize(edns ? 1 : 0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"12", "20"})
  void anAnswerItCannotWalkBecomesItsHeader(int length) throws Exception {
    byte[] garbage = new byte[64];
    Arrays.fill(garbage, (byte) 0x3f); // labels of 63 running past the end
    garbage[4] = 0;
    garbage[5] = 1; // one question

    int size = SlipAnswer.truncate(garbage, length);

    Message slip = new Message(Arrays.copyOf(garbage, size));
    assertThat(size).isEqualTo(12);
    assertThat(slip.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(slip.getHeader().getCount(Section.QUESTION)).isZero();
  }
}
