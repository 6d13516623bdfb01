package dev.palisade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LazyListTest {

  @Test
  void makesEachElementWhenItIsRead() {
    List<Integer> made = new ArrayList<>();
    List<String> list =
        LazyList.of(
            3,
            i -> {
              made.add(i);
              return "row " + i;
            });

    assertThat(list).hasSize(3);
    assertThat(made).isEmpty();
    assertThat(list.get(2)).isEqualTo("row 2");
    assertThat(made).containsExactly(2);
    assertThat(list).containsExactly("row 0", "row 1", "row 2");
  }

  @Test
  void isReadOnly() {
    List<String> list = LazyList.of(1, i -> "row");

    assertThatThrownBy(() -> list.add("more")).isInstanceOf(UnsupportedOperationException.class);
  }
}
