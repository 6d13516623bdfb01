package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ReturnCode;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneSnippetsTest {

  /** Codes separated by blanks; the Postfix filter that lets all of them through. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.2, =127.0.0.[2..255]",
    "127.0.0.2 127.0.0.10 127.0.0.255, =127.0.0.[2..255]",
    "127.0.0.2 127.0.1.2, =127.0.[0..1].2",
    "127.0.1.2, =127.0.1.2",
    "127.0.0.2 127.0.0.4 127.0.2.3, =127.0.[0;2].[2..4]",
    "127.0.0.2 127.0.0.5 127.0.3.9, =127.0.[0;3].[2;5;9]",
    "127.0.0.2 127.1.0.1, =127.[0..1].0.[1..2]",
  })
  void theFilterLetsThroughEveryCodeInUse(String codes, String filter) {
    TreeSet<Integer> set = new TreeSet<>();
    Arrays.stream(codes.split(" ")).forEach(code -> set.add(ReturnCode.parse(code)));

    assertThat(ZoneSnippets.filter(set)).isEqualTo(filter);
  }
}
