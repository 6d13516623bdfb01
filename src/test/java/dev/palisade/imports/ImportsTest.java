package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.DraftProducer;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntryGuard;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.UpsertResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ImportsTest {

  private static final Actor ACTOR = Actor.system("test");
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final Listings listings = mock(Listings.class);
  private final Imports imports = imports(new ImportLimits(DataSize.ofMegabytes(1), 1000, 100, 10));

  private Imports imports(ImportLimits limits) {
    return new Imports(
        listings,
        Clock.fixed(NOW, ZoneOffset.UTC),
        limits,
        mock(EntryGuard.class),
        mock(ImportFingerprints.class),
        new ImportTransactions(200_000));
  }

  /** The drafts an import into scope 7 stores, as the listing is handed them; it answers result. */
  private List<EntryDraft> storing(UpsertResult result) {
    List<EntryDraft> stored = new ArrayList<>();
    when(listings.upsertAll(eq(7L), eq(EntrySource.IMPORT), eq(ACTOR), any(), any(), anyLong()))
        .thenAnswer(
            call -> {
              DraftProducer drafts = call.getArgument(4);
              drafts.produce(stored::add);
              return result;
            });
    return stored;
  }

  @Test
  void storesEveryDraftOfAGoodImportAsOneChange() {
    List<EntryDraft> stored = storing(new UpsertResult(1, 1, 0));

    ImportResult result =
        imports.importFile(
            7,
            ListKind.BLOCK,
            ImportFormat.CSV,
            "list.csv",
            "192.0.2.1,spam\n192.0.2.2\n".getBytes(StandardCharsets.UTF_8),
            ACTOR);

    assertThat(result.files()).containsExactly("list.csv");
    assertThat(result.entries()).isEqualTo(2);
    assertThat(result.created()).isEqualTo(1);
    assertThat(result.updated()).isEqualTo(1);
    assertThat(stored)
        .containsExactly(
            new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.1"), null, "spam", null),
            EntryDraft.of(ListKind.BLOCK, "192.0.2.2"));
  }

  /**
   * An rbldnsd file is read twice in one pass (scanned, then its entries), and was counted twice
   * against the limits: a 70-line, 700-byte file under limits of 100 lines and 1,200 bytes was
   * refused, so an import through the API or the UI could hold half the lines and bytes the
   * settings say. Each is counted once; a file over a limit is still refused.
   */
  @Test
  void anRbldnsdFileCountsItsLinesAndBytesOnceAgainstTheLimits() {
    Imports tight = imports(new ImportLimits(DataSize.ofBytes(1_200), 100, 1_000, 10));
    List<EntryDraft> stored = storing(new UpsertResult(69, 0, 0));

    ImportResult result =
        tight.importFile(7, ListKind.BLOCK, ImportFormat.IP4SET, "list.txt", ip4set(69), ACTOR);

    assertThat(result.entries()).isEqualTo(69);
    assertThat(stored).hasSize(69);
    assertThatThrownBy(
            () ->
                tight.importFile(
                    7, ListKind.BLOCK, ImportFormat.IP4SET, "list.txt", ip4set(100), ACTOR))
        .isInstanceOf(ImportLimitException.class)
        .hasMessageContaining("more than 100 lines");
  }

  /** An ip4set of a default line and {@code n} addresses, 10.0.0.1 on. */
  private static byte[] ip4set(int n) {
    StringBuilder file = new StringBuilder(":127.0.0.2:listed\n");
    for (int i = 1; i <= n; i++) {
      file.append("10.0.").append(i / 256).append('.').append(i % 256).append('\n');
    }
    return file.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void storesNothingWhileALineIsBad() throws IOException {
    ReadImport read =
        imports.read(
            ImportSpec.of(ListKind.BLOCK, ImportFormat.LINES),
            List.of(ImportSource.ofText("input", "192.0.2.1\n192.0.2.300\n")));

    assertThatThrownBy(() -> imports.store(7, read, EntrySource.MANUAL, ACTOR))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> assertThat(e.errors()).extracting(i -> i.line()).containsExactly(2));
    verify(listings, never()).upsert(anyLong(), anyList(), any(), any());
  }

  @Test
  void readsExpiriesAgainstTheClock() throws IOException {
    ReadImport read =
        imports.read(
            ImportSpec.of(ListKind.BLOCK, ImportFormat.CSV),
            List.of(ImportSource.ofText("input", "192.0.2.1,,,2029-12-31T23:59:59Z\n")));

    assertThat(read.errors().get(0).message())
        .isEqualTo("expiry '2029-12-31T23:59:59Z' is not in the future");
  }

  @Test
  void anImportWithoutEntriesTouchesNothing() {
    ImportResult result =
        imports.importFile(7, ListKind.ALLOW, ImportFormat.IP4SET, "empty", new byte[0], ACTOR);

    assertThat(result.entries()).isZero();
    assertThat(result.created()).isZero();
    verify(listings, never()).upsert(anyLong(), anyList(), any(), any());
    verify(listings, never()).upsertAll(anyLong(), any(), any(), any(), any(), anyLong());
  }

  @Test
  void importsOfTheWebUiAndTheApiRunOneAtATime() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean secondRan = new AtomicBoolean();
    Thread first =
        new Thread(
            () -> {
              try {
                imports.oneAtATime(
                    () -> {
                      inside.countDown();
                      return awaitQuietly(release);
                    });
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    first.start();
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    Thread second =
        new Thread(
            () -> {
              try {
                imports.oneAtATime(() -> secondRan.getAndSet(true));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    second.start();

    Thread.sleep(300);
    assertThat(secondRan).as("waits while the first import runs").isFalse();
    release.countDown();
    second.join(5000);
    first.join(5000);
    assertThat(secondRan).as("runs once the first is done").isTrue();
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
