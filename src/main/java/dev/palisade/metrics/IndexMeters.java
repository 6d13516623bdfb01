package dev.palisade.metrics;

import dev.palisade.index.IndexFootprint;
import dev.palisade.index.LiveIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * What the in-memory index holds, as NSD reports its zone sizes: {@code
 * palisade_index_entries{type}} — IPv4 networks ({@code ip4}), IPv6 networks ({@code ip6}) and
 * domain patterns ({@code domain}) over every scope; a value listed as both block and allow in one
 * scope is one entry of the index. Read from {@link LiveIndex#footprint()} at each scrape, which
 * walks the scopes under the index's writer lock (microseconds per thousand scopes) and never
 * blocks DNS.
 */
final class IndexMeters implements MeterBinder {

  private final LiveIndex index;

  IndexMeters(LiveIndex index) {
    this.index = index;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, "ip4", IndexFootprint::ip4Networks);
    gauge(registry, "ip6", IndexFootprint::ip6Networks);
    gauge(registry, "domain", IndexFootprint::domainPatterns);
  }

  private void gauge(MeterRegistry registry, String type, ToDoubleFunction<IndexFootprint> count) {
    Gauge.builder("palisade.index.entries", index, i -> count.applyAsDouble(i.footprint()))
        .description("values in the in-memory index that DNS answers from, by type")
        .tag("type", type)
        .strongReference(true)
        .register(registry);
  }
}
