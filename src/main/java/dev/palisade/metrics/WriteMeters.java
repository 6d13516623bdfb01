package dev.palisade.metrics;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.imports.ImportCounts;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What writes change, counted from the committed changes the store announces: {@code
 * palisade_entries_changes_total{change, list, type}} — entries that start ({@code added}) or stop
 * ({@code removed}) answering in DNS, by list (block, allow) and type (ip4, ip6, domain); an update
 * counts once removed and once added, as it is announced. And the imports: {@code
 * palisade_imports_total{outcome}} ({@code done}, {@code failed}) from the import pipeline's
 * totals.
 *
 * <p>Thread-safe: Micrometer's counters are.
 */
final class WriteMeters {

  private final Counter[] added;
  private final Counter[] removed;

  WriteMeters(MeterRegistry registry, ImportCounts imports) {
    added = counters(registry, "added");
    removed = counters(registry, "removed");
    if (imports != null) {
      FunctionCounter.builder("palisade.imports", imports, ImportCounts::doneTotal)
          .description("imports stored, or failed storing nothing")
          .tag("outcome", "done")
          .register(registry);
      FunctionCounter.builder("palisade.imports", imports, ImportCounts::failedTotal)
          .description("imports stored, or failed storing nothing")
          .tag("outcome", "failed")
          .register(registry);
    }
  }

  /** One committed change of one scope. */
  @TransactionalEventListener
  void on(EntriesChanged change) {
    count(added, change.added());
    count(removed, change.removed());
  }

  private static void count(Counter[] counters, List<ActiveEntry> entries) {
    for (ActiveEntry entry : entries) {
      counters[index(entry.kind(), entry.value().type())].increment();
    }
  }

  private static int index(ListKind kind, ValueType type) {
    return kind.ordinal() * ValueType.values().length + type.ordinal();
  }

  private static Counter[] counters(MeterRegistry registry, String change) {
    Counter[] counters = new Counter[ListKind.values().length * ValueType.values().length];
    for (ListKind kind : ListKind.values()) {
      for (ValueType type : ValueType.values()) {
        counters[index(kind, type)] =
            Counter.builder("palisade.entries.changes")
                .description("entries that started or stopped answering in DNS")
                .tag("change", change)
                .tag("list", kind.name().toLowerCase(Locale.ROOT))
                .tag("type", typeName(type))
                .register(registry);
      }
    }
    return counters;
  }

  private static String typeName(ValueType type) {
    switch (type) {
      case IPV4:
        return "ip4";
      case IPV6:
        return "ip6";
      default:
        return "domain";
    }
  }
}
