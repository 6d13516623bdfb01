package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Telling zone transfer requests from other queries by their bytes. */
class TransferQuestionTest {

  @ParameterizedTest
  @CsvSource({"AXFR, 252", "IXFR, 251", "A, 0", "TXT, 0", "SOA, 6", "ANY, 0"})
  void findsAxfrIxfrAndSoaQuestionsOnly(String type, int expected) {
    byte[] wire = query("demo.bl.rbl.palisade.test.", Type.value(type)).toWire();
    assertThat(TransferQuestion.type(wire, wire.length)).isEqualTo(expected);
  }

  @Test
  void ignoresResponsesOtherOpcodesAndTruncatedPackets() {
    Message response = query("demo.bl.rbl.palisade.test.", Type.AXFR);
    response.getHeader().setFlag(Flags.QR);
    byte[] wire = response.toWire();
    assertThat(TransferQuestion.type(wire, wire.length)).isZero();

    Message notify = query("demo.bl.rbl.palisade.test.", Type.AXFR);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    wire = notify.toWire();
    assertThat(TransferQuestion.type(wire, wire.length)).isZero();

    byte[] axfr = query("demo.bl.rbl.palisade.test.", Type.AXFR).toWire();
    for (int length = 0; length < axfr.length; length++) {
      assertThat(TransferQuestion.type(Arrays.copyOf(axfr, axfr.length), length))
          .as("first %d bytes", length)
          .isZero();
    }
  }

  private static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
  }
}
