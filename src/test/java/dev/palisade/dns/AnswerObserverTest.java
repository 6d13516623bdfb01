package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListZone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Every observer of the DNS context hears every answer once, in order, with what it was told. */
class AnswerObserverTest {

  private final List<String> heard = new ArrayList<>();

  @Test
  void noObserversIsNone() {
    assertThat(AnswerObserver.all(List.of())).isSameAs(AnswerObserver.NONE);
  }

  @Test
  void oneObserverIsItself() {
    AnswerObserver one = named("one");

    assertThat(AnswerObserver.all(List.of(one))).isSameAs(one);
  }

  @Test
  void eachOfSeveralObserversHearsEachAnswerOnceInOrder() {
    AnswerObserver all = AnswerObserver.all(List.of(named("a"), named("b"), named("c")));
    byte[] query = new byte[40];
    byte[] answer = new byte[60];

    all.observe(query, 33, answer, 51, true);
    all.observeInZone(query, 33, 14, ListZone.DBL, Type.TXT, answer, 51, false);

    assertThat(heard)
        .containsExactly(
            "a 33 51 tcp",
            "b 33 51 tcp",
            "c 33 51 tcp",
            "a 33 14 DBL 16 51 udp",
            "b 33 14 DBL 16 51 udp",
            "c 33 14 DBL 16 51 udp");
  }

  private AnswerObserver named(String name) {
    return new AnswerObserver() {
      @Override
      public void observe(
          byte[] query, int queryLength, byte[] answer, int answerLength, boolean tcp) {
        heard.add(name + " " + queryLength + " " + answerLength + (tcp ? " tcp" : " udp"));
      }

      @Override
      public void observeInZone(
          byte[] query,
          int queryLength,
          int scopeAt,
          ListZone list,
          int qtype,
          byte[] answer,
          int answerLength,
          boolean tcp) {
        heard.add(
            name
                + " "
                + queryLength
                + " "
                + scopeAt
                + " "
                + list
                + " "
                + qtype
                + " "
                + answerLength
                + (tcp ? " tcp" : " udp"));
      }
    };
  }
}
