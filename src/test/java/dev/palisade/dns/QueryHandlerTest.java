package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.answers;
import static dev.palisade.dns.DnsTestSupport.authority;
import static dev.palisade.dns.DnsTestSupport.query;
import static dev.palisade.dns.DnsTestSupport.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.QueryHandler.Transport;
import dev.palisade.index.IndexSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class QueryHandlerTest {

  private final FakeIndex index = FakeIndex.standard();
  private final QueryHandler handler = new QueryHandler(DnsSettings.defaults(), () -> index);

  @ParameterizedTest(name = "{0} {1} -> {2} [{3}] auth {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # qname                                                  | qtype | rcode    | answer                                                | authority
          # RFC 5782 test points, whatever the data says
          2.0.0.127.demo.bl.rbl.palisade.test                      | A     | NOERROR  | 127.0.0.2                                             | -
          2.0.0.127.demo.bl.rbl.palisade.test                      | TXT   | NOERROR  | RFC 5782 test point: 127.0.0.2 is always listed       | -
          2.0.0.127.demo.wl.rbl.palisade.test                      | A     | NOERROR  | 127.0.0.2                                             | -
          2.0.0.127.acme-mx1.bl.rbl.palisade.test                  | A     | NOERROR  | 127.0.0.2                                             | -
          1.0.0.127.demo.bl.rbl.palisade.test                      | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          1.0.0.127.demo.wl.rbl.palisade.test                      | A     | NXDOMAIN |                                                       | demo.wl.rbl.palisade.test.
          <::ffff:7f00:2>.demo.bl.rbl.palisade.test                | A     | NOERROR  | 127.0.0.2                                             | -
          <::ffff:7f00:2>.demo.wl.rbl.palisade.test                | TXT   | NOERROR  | RFC 5782 test point: ::ffff:127.0.0.2 is always listed | -
          <::ffff:7f00:1>.demo.bl.rbl.palisade.test                | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          test.demo.dbl.rbl.palisade.test                          | A     | NOERROR  | 127.0.0.2                                             | -
          test.demo.dwl.rbl.palisade.test                          | TXT   | NOERROR  | RFC 5782 test point: test is always listed            | -
          invalid.demo.dbl.rbl.palisade.test                       | A     | NXDOMAIN |                                                       | demo.dbl.rbl.palisade.test.
          x.invalid.demo.dbl.rbl.palisade.test                     | A     | NXDOMAIN |                                                       | demo.dbl.rbl.palisade.test.
          # listed IPv4: A = return code, TXT = reason with $ = the queried address
          3.2.0.192.demo.bl.rbl.palisade.test                      | A     | NOERROR  | 127.0.0.2                                             | -
          3.2.0.192.demo.bl.rbl.palisade.test                      | TXT   | NOERROR  | Listed: see https://lists.example/q?ip=192.0.2.3      | -
          3.2.0.192.demo.bl.rbl.palisade.test                      | ANY   | NOERROR  | 127.0.0.2 + Listed: see https://lists.example/q?ip=192.0.2.3 | -
          7.100.51.198.demo.bl.rbl.palisade.test                   | A     | NOERROR  | 127.0.0.3                                             | -
          7.100.51.198.demo.bl.rbl.palisade.test                   | TXT   | NOERROR  | Blocked: 198.51.100.7                                 | -
          99.2.0.192.demo.wl.rbl.palisade.test                     | TXT   | NOERROR  | Allowed: 192.0.2.99                                   | -
          # bl lists block winners only, wl allow winners only
          99.2.0.192.demo.bl.rbl.palisade.test                     | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          3.2.0.192.demo.wl.rbl.palisade.test                      | A     | NXDOMAIN |                                                       | demo.wl.rbl.palisade.test.
          3.2.0.192.acme-mx1.bl.rbl.palisade.test                  | A     | NXDOMAIN |                                                       | acme-mx1.bl.rbl.palisade.test.
          4.3.2.10.demo.bl.rbl.palisade.test                       | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          # listed name, other type: NODATA with the zone's SOA
          3.2.0.192.demo.bl.rbl.palisade.test                      | AAAA  | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          3.2.0.192.demo.bl.rbl.palisade.test                      | MX    | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          # listed IPv6: RFC 5952 text for $
          <2001:db8::1>.demo.bl.rbl.palisade.test                  | A     | NOERROR  | 127.0.0.5                                             | -
          <2001:db8::1>.demo.bl.rbl.palisade.test                  | TXT   | NOERROR  | v6 2001:db8::1                                        | -
          <2001:db8::99>.demo.bl.rbl.palisade.test                 | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          <2001:db8::99>.demo.wl.rbl.palisade.test                 | TXT   | NOERROR  | trusted 2001:db8::99                                  | -
          <2001:db9::1>.demo.bl.rbl.palisade.test                  | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          # empty non-terminals: partial reversed addresses (RFC 8020)
          2.0.192.demo.bl.rbl.palisade.test                        | A     | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          0.0.127.demo.bl.rbl.palisade.test                        | TXT   | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          192.demo.wl.rbl.palisade.test                            | A     | NOERROR  |                                                       | demo.wl.rbl.palisade.test.
          8.b.d.0.1.0.0.2.demo.bl.rbl.palisade.test                | A     | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.demo.bl.rbl.palisade.test | A | NOERROR |                         | demo.bl.rbl.palisade.test.
          F.d.demo.bl.rbl.palisade.test                            | A     | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          # four single-digit labels start IPv6 names too (2001::/16), so unlisted is NODATA
          1.0.0.2.demo.bl.rbl.palisade.test                        | A     | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          # malformed reversed names: NXDOMAIN
          256.2.0.192.demo.bl.rbl.palisade.test                    | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          x.2.0.192.demo.bl.rbl.palisade.test                      | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          3.02.0.192.demo.bl.rbl.palisade.test                     | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          5.3.2.0.192.demo.bl.rbl.palisade.test                    | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          foo.demo.bl.rbl.palisade.test                            | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          0.<2001:db8::1>.demo.bl.rbl.palisade.test                | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          -1.demo.bl.rbl.palisade.test                             | A     | NXDOMAIN |                                                       | demo.bl.rbl.palisade.test.
          # domains: exact, .name (self and below), *.name (below only)
          spam.example.demo.dbl.rbl.palisade.test                  | A     | NOERROR  | 127.0.1.2                                             | -
          spam.example.demo.dbl.rbl.palisade.test                  | TXT   | NOERROR  | Spam domain spam.example                              | -
          x.spam.example.demo.dbl.rbl.palisade.test                | A     | NXDOMAIN |                                                       | demo.dbl.rbl.palisade.test.
          bad.example.demo.dbl.rbl.palisade.test                   | A     | NOERROR  | 127.0.1.3                                             | -
          a.b.bad.example.demo.dbl.rbl.palisade.test               | TXT   | NOERROR  | Blocked: bad.example                                  | -
          x.sub.example.demo.dbl.rbl.palisade.test                 | A     | NOERROR  | 127.0.1.4                                             | -
          sub.example.demo.dbl.rbl.palisade.test                   | A     | NOERROR  |                                                       | demo.dbl.rbl.palisade.test.
          spam.example.demo.dbl.rbl.palisade.test                  | AAAA  | NOERROR  |                                                       | demo.dbl.rbl.palisade.test.
          good.example.demo.dwl.rbl.palisade.test                  | ANY   | NOERROR  | 127.0.0.2 + Allowed: good.example                     | -
          good.example.demo.dbl.rbl.palisade.test                  | A     | NXDOMAIN |                                                       | demo.dbl.rbl.palisade.test.
          spam.example.demo.dwl.rbl.palisade.test                  | A     | NXDOMAIN |                                                       | demo.dwl.rbl.palisade.test.
          other.example.demo.dbl.rbl.palisade.test                 | A     | NXDOMAIN |                                                       | demo.dbl.rbl.palisade.test.
          # domain empty non-terminals: names above listed ones
          a.example.demo.dbl.rbl.palisade.test                     | A     | NOERROR  |                                                       | demo.dbl.rbl.palisade.test.
          example.demo.dbl.rbl.palisade.test                       | TXT   | NOERROR  |                                                       | demo.dbl.rbl.palisade.test.
          # case-insensitive
          SPAM.Example.DEMO.dBl.RBL.palisade.TEST                  | A     | NOERROR  | 127.0.1.2                                             | -
          3.2.0.192.Demo.BL.rbl.palisade.test                      | TXT   | NOERROR  | Listed: see https://lists.example/q?ip=192.0.2.3      | -
          # zone apexes: SOA and NS; the zone serial
          demo.bl.rbl.palisade.test                                | SOA   | NOERROR  | SOA demo.bl.rbl.palisade.test. 42                     | -
          demo.dwl.rbl.palisade.test                               | NS    | NOERROR  | NS ns.rbl.palisade.test.                              | -
          acme-mx1.wl.rbl.palisade.test                            | ANY   | NOERROR  | SOA acme-mx1.wl.rbl.palisade.test. 3 + NS ns.rbl.palisade.test. | -
          demo.bl.rbl.palisade.test                                | A     | NOERROR  |                                                       | demo.bl.rbl.palisade.test.
          demo.bl.rbl.palisade.test                                | DS    | NOERROR  |                                                       | rbl.palisade.test.
          # the base zone: apex, the list labels as empty non-terminals, nothing else
          rbl.palisade.test                                        | SOA   | NOERROR  | SOA rbl.palisade.test. 7                              | -
          rbl.palisade.test                                        | NS    | NOERROR  | NS ns.rbl.palisade.test.                              | -
          rbl.palisade.test                                        | A     | NOERROR  |                                                       | rbl.palisade.test.
          bl.rbl.palisade.test                                     | A     | NOERROR  |                                                       | rbl.palisade.test.
          dwl.rbl.palisade.test                                    | TXT   | NOERROR  |                                                       | rbl.palisade.test.
          ns.rbl.palisade.test                                     | A     | NOERROR  |                                                       | rbl.palisade.test.
          nosuch.rbl.palisade.test                                 | A     | NXDOMAIN |                                                       | rbl.palisade.test.
          nosuch.bl.rbl.palisade.test                              | A     | NXDOMAIN |                                                       | rbl.palisade.test.
          2.0.0.127.nosuch.bl.rbl.palisade.test                    | A     | NXDOMAIN |                                                       | rbl.palisade.test.
          # outside the base zone, and zone transfers
          example.com                                              | A     | REFUSED  |                                                       | -
          palisade.test                                            | SOA   | REFUSED  |                                                       | -
          xrbl.palisade.test                                       | A     | REFUSED  |                                                       | -
          demo.bl.rbl.palisade.test                                | AXFR  | REFUSED  |                                                       | -
          demo.bl.rbl.palisade.test                                | IXFR  | REFUSED  |                                                       | -
          """)
  void answersTheTable(String qname, String qtype, String rcode, String answer, String authority)
      throws IOException {
    Message response = ask(query(qname, qtype));

    assertThat(Rcode.string(response.getRcode())).isEqualTo(rcode);
    assertThat(answers(response)).isEqualTo(answer == null ? "" : answer);
    assertThat(authority(response)).isEqualTo(authority);
    assertThat(response.getHeader().getFlag(Flags.AA)).isEqualTo(!rcode.equals("REFUSED"));
    assertThat(response.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(response.getQuestion()).isEqualTo(query(qname, qtype).getQuestion());
  }

  @Test
  void negativeAnswerCarriesSoaWithTtlMinOfSoaTtlAndMinimum() throws IOException {
    Message nxdomain = ask(query("nosuch.demo.dbl.rbl.palisade.test", "A"));
    Message nodata = ask(query("3.2.0.192.demo.bl.rbl.palisade.test", "AAAA"));

    assertThat(nxdomain.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(60);
    assertThat(nodata.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(60);

    DnsSettings shortSoa =
        DnsSettings.defaults()
            .withSoa(new DnsSettings.Soa(30, 3600, 600, 604800, 60, "admin@example.net"));
    QueryHandler other = new QueryHandler(shortSoa, () -> index);
    Message capped = ask(other, query("nosuch.demo.dbl.rbl.palisade.test", "A"));
    assertThat(capped.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(30);
  }

  @Test
  void soaHasFirstNameServerHostmasterSerialAndConfiguredTimers() throws IOException {
    Message response = ask(query("demo.wl.rbl.palisade.test", "SOA"));

    SOARecord soa = (SOARecord) response.getSection(Section.ANSWER).get(0);
    assertThat(soa.getTTL()).isEqualTo(3600);
    assertThat(soa.getHost()).isEqualTo(Name.fromString("ns.rbl.palisade.test."));
    assertThat(soa.getAdmin()).isEqualTo(Name.fromString("hostmaster.rbl.palisade.test."));
    assertThat(soa.getSerial()).isEqualTo(42);
    assertThat(soa.getRefresh()).isEqualTo(3600);
    assertThat(soa.getRetry()).isEqualTo(600);
    assertThat(soa.getExpire()).isEqualTo(604800);
    assertThat(soa.getMinimum()).isEqualTo(60);
  }

  @Test
  void soaSerialWrapsToItsLow32Bits() throws IOException {
    FakeIndex big = new FakeIndex(0x1_0000_0005L);
    QueryHandler other = new QueryHandler(DnsSettings.defaults(), () -> big);

    SOARecord soa =
        (SOARecord) ask(other, query("rbl.palisade.test", "SOA")).getSection(Section.ANSWER).get(0);

    assertThat(soa.getSerial()).isEqualTo(5);
  }

  @Test
  void listedAnswersUseTheConfiguredTtl() throws IOException {
    Message response = ask(query("3.2.0.192.demo.bl.rbl.palisade.test", "ANY"));

    assertThat(response.getSection(Section.ANSWER))
        .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(300));
    assertThat(
            ask(query("demo.bl.rbl.palisade.test", "NS"))
                .getSection(Section.ANSWER)
                .get(0)
                .getTTL())
        .isEqualTo(3600);
  }

  @Test
  void echoesQuestionAndAnswerOwnerWithTheCaseAsSent() throws IOException {
    String mixed = "3.2.0.192.dEmO.Bl.RbL.pAlIsAdE.tEsT.";
    Message response = ask(query(mixed, "A"));

    byte[] wire =
        handler.answer(
            query(mixed, "A").toWire(), query(mixed, "A").toWire().length, Transport.UDP);
    assertThat(new String(wire, StandardCharsets.ISO_8859_1)).contains("dEmO").contains("pAlIsAdE");
    assertThat(response.getQuestion().getName().toString()).isEqualTo(mixed);
    assertThat(response.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo(mixed);
  }

  @Test
  void copiesIdAndRecursionDesiredButNeverOffersRecursion() throws IOException {
    Message query = query("3.2.0.192.demo.bl.rbl.palisade.test", "A");
    query.getHeader().setID(4711);
    query.getHeader().unsetFlag(Flags.RD);

    Message noRd = ask(query);
    Message withRd = ask(query("example.com", "A"));

    assertThat(noRd.getHeader().getID()).isEqualTo(4711);
    assertThat(noRd.getHeader().getFlag(Flags.RD)).isFalse();
    assertThat(withRd.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(withRd.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(withRd.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void refusesOtherClasses() throws IOException {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
    Message chaosInZone =
        Message.newQuery(
            Record.newRecord(Name.fromString("rbl.palisade.test."), Type.SOA, DClass.CH));

    assertThat(ask(query).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(ask(chaosInZone).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void splitsTxtLongerThan255BytesIntoSeveralStrings() throws IOException {
    Message response = ask(query("5.113.0.203.demo.bl.rbl.palisade.test", "TXT"), Transport.TCP);

    TXTRecord txt = (TXTRecord) response.getSection(Section.ANSWER).get(0);
    String expected = FakeIndex.LONG_REASON.replace("$", "203.0.113.5");
    assertThat(txt.getStrings()).hasSizeGreaterThan(1);
    assertThat(txt.getStringsAsByteArrays())
        .allSatisfy(s -> assertThat(s.length).isLessThanOrEqualTo(255));
    assertThat(String.join("", txt.getStrings())).isEqualTo(expected);
  }

  @Test
  void splitsUtf8TextBetweenCharacters() {
    String text = "é".repeat(200); // 400 bytes of two-byte characters
    byte[] rdata = TxtTemplate.rdata(text);

    int first = rdata[0] & 0xff;
    assertThat(first).isEqualTo(254);
    String joined =
        new String(Arrays.copyOfRange(rdata, 1, 1 + first), StandardCharsets.UTF_8)
            + new String(
                Arrays.copyOfRange(rdata, 2 + first, rdata.length), StandardCharsets.UTF_8);
    assertThat(joined).isEqualTo(text);
    assertThat(TxtTemplate.rdata("")).containsExactly(0);
  }

  @Test
  void truncatesToAnEmptyAnswerWithTcWhenUdpAnswerExceeds512Bytes() throws IOException {
    Message response = ask(query("5.113.0.203.demo.bl.rbl.palisade.test", "TXT"));

    assertThat(response.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
    assertThat(response.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(response.getQuestion().getName())
        .isEqualTo(Name.fromString("5.113.0.203.demo.bl.rbl.palisade.test."));
    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void truncatesAnyAnswerWholeRatherThanDroppingTheTxtRecord() throws IOException {
    Message response = ask(query("6.113.0.203.demo.bl.rbl.palisade.test", "ANY"));

    assertThat(response.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void honoursTheEdnsPayloadSizeUpTo1232Bytes() throws IOException {
    String medium = "6.113.0.203.demo.bl.rbl.palisade.test";
    String large = "5.113.0.203.demo.bl.rbl.palisade.test";

    Message fits = ask(queryWithEdns(medium, "TXT", 1232, 0, 0));
    Message tooSmall = ask(queryWithEdns(medium, "TXT", 100, 0, 0));
    Message capped = ask(queryWithEdns(large, "TXT", 4096, 0, 0));
    Message overTcp = ask(queryWithEdns(large, "TXT", 512, 0, 0), Transport.TCP);

    assertThat(fits.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(answers(fits)).isEqualTo(FakeIndex.MEDIUM_REASON.replace("$", "203.0.113.6"));
    assertThat(tooSmall.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(capped.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(capped.getOPT()).isNotNull();
    assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(answers(overTcp)).isEqualTo(FakeIndex.LONG_REASON.replace("$", "203.0.113.5"));
  }

  @Test
  void echoesOptWithOurPayloadSizeAndTheDoBit() throws IOException {
    Message plain = ask(query("3.2.0.192.demo.bl.rbl.palisade.test", "A"));
    Message edns =
        ask(queryWithEdns("3.2.0.192.demo.bl.rbl.palisade.test", "A", 4096, 0, ExtendedFlags.DO));

    assertThat(plain.getOPT()).isNull();
    OPTRecord opt = edns.getOPT();
    assertThat(opt).isNotNull();
    assertThat(opt.getVersion()).isZero();
    assertThat(opt.getPayloadSize()).isEqualTo(1232);
    assertThat(opt.getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    assertThat(answers(edns)).isEqualTo("127.0.0.2");
  }

  @Test
  void answersBadversWithOptForEdnsVersionAboveZero() throws IOException {
    Message response = ask(queryWithEdns("3.2.0.192.demo.bl.rbl.palisade.test", "A", 1232, 1, 0));

    assertThat(response.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(response.getHeader().getRcode()).isZero();
    assertThat(response.getOPT().getVersion()).isZero();
    assertThat(response.getOPT().getExtendedRcode()).isEqualTo(1);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void answersFormerrToTwoOptRecords() throws IOException {
    Message query = queryWithEdns("3.2.0.192.demo.bl.rbl.palisade.test", "A", 1232, 0, 0);
    query.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);

    assertThat(ask(query).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void answersFormerrWhenQuestionCountIsNotOne() throws IOException {
    Message none = new Message(99);
    Message two = query("3.2.0.192.demo.bl.rbl.palisade.test", "A");
    two.addRecord(
        query("spam.example.demo.dbl.rbl.palisade.test", "A").getQuestion(), Section.QUESTION);

    Message noneAnswer = ask(none);
    Message twoAnswer = ask(two);

    assertThat(noneAnswer.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(noneAnswer.getHeader().getID()).isEqualTo(99);
    assertThat(twoAnswer.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(twoAnswer.getSection(Section.ANSWER)).isEmpty();
  }

  @ParameterizedTest(name = "opcode {0}")
  @ValueSource(ints = {Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE, 15})
  void answersNotimpToOtherOpcodes(int opcode) throws IOException {
    Message query = query("3.2.0.192.demo.bl.rbl.palisade.test", "A");
    query.getHeader().setOpcode(opcode);
    query.getHeader().setID(1234);

    Message response = ask(query);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(response.getHeader().getOpcode()).isEqualTo(opcode);
    assertThat(response.getHeader().getID()).isEqualTo(1234);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void answersFormerrEchoingTheIdWhenOnlyTheHeaderIsReadable() throws IOException {
    byte[] wire = query("3.2.0.192.demo.bl.rbl.palisade.test", "A").toWire();
    wire[0] = 0x12;
    wire[1] = 0x34;
    byte[] cut = Arrays.copyOf(wire, 20); // the question name ends in the middle

    byte[] answer = handler.answer(cut, cut.length, Transport.UDP);

    Message response = new Message(answer);
    assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(response.getHeader().getID()).isEqualTo(0x1234);
    assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(response.getHeader().getFlag(Flags.RD)).isTrue();
  }

  @Test
  void staysSilentForPacketsShorterThanAHeaderAndForResponses() {
    byte[] wire = query("3.2.0.192.demo.bl.rbl.palisade.test", "A").toWire();
    byte[] response = wire.clone();
    response[2] |= (byte) 0x80;

    assertThat(handler.answer(wire, 11, Transport.UDP)).isNull();
    assertThat(handler.answer(new byte[0], 0, Transport.UDP)).isNull();
    assertThat(handler.answer(response, response.length, Transport.UDP)).isNull();
  }

  @Test
  void readsOnlyTheGivenLengthOfAReusedBuffer() throws IOException {
    byte[] wire = query("3.2.0.192.demo.bl.rbl.palisade.test", "A").toWire();
    byte[] buffer = new byte[4096];
    Arrays.fill(buffer, (byte) 0x5a);
    System.arraycopy(wire, 0, buffer, 0, wire.length);

    Message response = new Message(handler.answer(buffer, wire.length, Transport.UDP));

    assertThat(answers(response)).isEqualTo("127.0.0.2");
  }

  @Test
  void answersServfailWhenNoSnapshotIsLoadedOrTheIndexFails() throws IOException {
    Supplier<IndexSnapshot> failing =
        () -> {
          throw new UnsupportedOperationException("not yet implemented");
        };
    Message query = queryWithEdns("3.2.0.192.demo.bl.rbl.palisade.test", "A", 1232, 0, 0);

    Message notLoaded = ask(new QueryHandler(DnsSettings.defaults(), () -> null), query);
    Message broken = ask(new QueryHandler(DnsSettings.defaults(), failing), query);

    for (Message response : List.of(notLoaded, broken)) {
      assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(response.getHeader().getFlag(Flags.AA)).isFalse();
      assertThat(response.getQuestion()).isEqualTo(query.getQuestion());
      assertThat(response.getOPT()).isNotNull();
    }
  }

  @Test
  void readsEachQueryFromTheSnapshotCurrentWhenItArrives() throws IOException {
    FakeIndex before = new FakeIndex(1);
    before.zone("demo", 1);
    FakeIndex after = new FakeIndex(2);
    after.zone("demo", 2).block("192.0.2.0/24", "127.0.0.9", null);
    FakeIndex[] current = {before};
    QueryHandler live = new QueryHandler(DnsSettings.defaults(), () -> current[0]);
    Message query = query("3.2.0.192.demo.bl.rbl.palisade.test", "A");

    assertThat(ask(live, query).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    current[0] = after;
    assertThat(answers(ask(live, query))).isEqualTo("127.0.0.9");
  }

  @Test
  void usesConfiguredBaseZoneNameServersAndDefaultTexts() throws IOException {
    DnsSettings settings =
        new DnsSettings(
            "BL.Example.NET",
            "127.0.0.1",
            0,
            1,
            120,
            null,
            List.of("a.ns.example.org", "b.ns.example.org"),
            7200,
            Duration.ofSeconds(5),
            4,
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            8,
            null,
            "Spam source $, see https://bl.example.net/",
            null,
            null,
            0,
            0);
    QueryHandler other = new QueryHandler(settings, () -> index);

    Message txt = ask(other, query("7.100.51.198.demo.bl.bl.example.net", "TXT"));
    Message ns = ask(other, query("bl.example.net", "NS"));
    Message soa = ask(other, query("demo.dbl.bl.example.net", "SOA"));
    Message outside = ask(other, query("demo.bl.rbl.palisade.test", "SOA"));

    assertThat(answers(txt)).isEqualTo("Spam source 198.51.100.7, see https://bl.example.net/");
    assertThat(answers(ns)).isEqualTo("NS a.ns.example.org. + NS b.ns.example.org.");
    assertThat(((SOARecord) soa.getSection(Section.ANSWER).get(0)).getAdmin())
        .isEqualTo(Name.fromString("hostmaster.bl.example.net."));
    assertThat(((SOARecord) soa.getSection(Section.ANSWER).get(0)).getHost())
        .isEqualTo(Name.fromString("a.ns.example.org."));
    assertThat(outside.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  private Message ask(Message query) throws IOException {
    return ask(handler, query, Transport.UDP);
  }

  private Message ask(Message query, Transport transport) throws IOException {
    return ask(handler, query, transport);
  }

  private static Message ask(QueryHandler handler, Message query) throws IOException {
    return ask(handler, query, Transport.UDP);
  }

  private static Message ask(QueryHandler handler, Message query, Transport transport)
      throws IOException {
    byte[] wire = query.toWire();
    byte[] answer = handler.answer(wire, wire.length, transport);
    assertThat(answer).isNotNull();
    assertThat(answer.length)
        .isLessThanOrEqualTo(
            transport == Transport.UDP
                ? QueryHandler.MAX_UDP_PAYLOAD
                : QueryHandler.MAX_TCP_MESSAGE);
    return new Message(answer);
  }
}
