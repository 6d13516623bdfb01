package dev.palisade.transfer;

import dev.palisade.dns.AnswerRecords;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.index.ZoneView;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Renders one of a scope's zones below its apex: the address zones with {@link
 * AddressZoneRenderer}, the domain zones with {@link DomainZoneRenderer}. The apex records (SOA,
 * NS) are not its job. Immutable and thread-safe; each call renders afresh.
 */
final class ZoneRenderer {

  /**
   * Keys held at a time while sorting a zone's networks or names: about 40 MB at most for IPv6, and
   * a zone of ten million entries takes twenty passes over the index.
   */
  static final int BATCH = 1 << 19;

  private final AnswerRecords answers;
  private final int batch;

  ZoneRenderer(AnswerRecords answers, int batch) {
    this.answers = answers;
    this.batch = batch;
  }

  /**
   * Further networks and names to treat as material when rendering part of a zone from a view of
   * some of its entries (their answers still come from the view).
   */
  record Extras(Collection<Long> ip4, Collection<Ip6Key> ip6, Collection<String> names) {
    static final Extras NONE = new Extras(List.of(), List.of(), List.of());
  }

  /** Hands every record of the zone below its apex to {@code out}, streaming. */
  void render(ZoneView view, ListZone list, Name origin, Extras extras, Consumer<Record> out) {
    Owners owners = new Owners(origin);
    RecordWriter writer = new RecordWriter(answers, list, out);
    if (list.addresses()) {
      new AddressZoneRenderer(view, owners, writer, batch, extras.ip4(), extras.ip6()).render();
    } else {
      new DomainZoneRenderer(view, owners, writer, batch, extras.names()).render();
    }
  }
}
