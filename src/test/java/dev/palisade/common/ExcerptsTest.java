package dev.palisade.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptsTest {

  @Test
  void shortMessagesComeBackUnchanged() {
    String message = "size 0 is not between 1 and 1000";

    assertThat(Excerpts.cut(message)).isSameAs(message);
    assertThat(Excerpts.cut(null)).isNull();
  }

  @Test
  void aLongValueIsCutToAHundredCharactersAndAnEllipsis() {
    String message = "value '" + "x".repeat(5000) + "' is not an address";

    assertThat(Excerpts.cut(message)).isEqualTo("value '" + "x".repeat(99) + "… is not an address");
  }

  @Test
  void aLongMessageOfShortWordsIsCutAsAWhole() {
    String message = "ab ".repeat(2000);

    String cut = Excerpts.cut(message);

    assertThat(cut).hasSize(Excerpts.MAX_MESSAGE + 1).endsWith("…");
  }

  @Test
  void aMegabyteValueGivesABoundedMessage() {
    assertThat(Excerpts.cut("y".repeat(1 << 20))).hasSize(Excerpts.MAX_WORD + 1);
  }
}
