package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneViewCacheTest {

  private final FakeIndex index = FakeIndex.standard();
  private final ZoneViewCache cache = new ZoneViewCache();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        "demo      | demo",
        "DEMO      | demo",
        "dEmO      | demo",
        "acme-mx1  | acme-mx1",
        "nobody    | none",
        "de.mo     | none",
        "*         | none",
      })
  void findsTheScopeALabelNamesIgnoringCase(String label, String scope) {
    byte[] q = wire(label);

    // Twice: once to fill the cache, once from it.
    for (int i = 0; i < 2; i++) {
      assertThat(cache.find(index, q, 3)).isSameAs(scope == null ? null : index.zone(scope));
    }
  }

  @Test
  void readsANewSnapshotAfresh() {
    byte[] q = wire("demo");
    assertThat(cache.find(index, q, 3)).isSameAs(index.zone("demo"));
    FakeIndex next = FakeIndex.standard();

    assertThat(cache.find(next, q, 3)).isSameAs(next.zone("demo"));
  }

  @Test
  void findsScopesWhoseLabelsShareASlot() {
    FakeIndex many = new FakeIndex(1);
    for (int i = 0; i < 500; i++) {
      many.zone("scope" + i, i);
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 500; i++) {
        assertThat(cache.find(many, wire("scope" + i), 3).serial()).isEqualTo(i);
      }
    }
  }

  /** The label in wire form after three bytes of something else, trailed by more. */
  private static byte[] wire(String label) {
    byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
    byte[] q = new byte[3 + 1 + ascii.length + 2];
    q[3] = (byte) ascii.length;
    System.arraycopy(ascii, 0, q, 4, ascii.length);
    q[q.length - 2] = 'x';
    return q;
  }
}
