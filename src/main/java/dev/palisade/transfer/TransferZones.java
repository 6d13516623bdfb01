package dev.palisade.transfer;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dns.AnswerRecords;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dns.ZoneRecords;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.index.LiveIndex;
import dev.palisade.index.ZoneView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The {@link ServedZones} of the live index: every scope's four zones, each rendered from the
 * snapshot current when it is asked for, with its difference from earlier serials read from the
 * change feed. Thread-safe.
 */
public final class TransferZones implements ServedZones {

  private final LiveIndex index;
  private final ZoneRecords apex;
  private final ZoneRenderer renderer;
  private final long maxRecords;
  private final ChangeSource changes;
  private final RecordCounts counts = new RecordCounts();

  /**
   * @param changes the change feed, {@code listing.ChangeFeed::after}
   */
  public TransferZones(
      LiveIndex index, DnsSettings dns, TransferSettings settings, ChangeSource changes) {
    this(index, dns, settings, changes, ZoneRenderer.BATCH);
  }

  /** As the public constructor, holding {@code batch} keys at a time while rendering. */
  TransferZones(
      LiveIndex index,
      DnsSettings dns,
      TransferSettings settings,
      ChangeSource changes,
      int batch) {
    this.index = index;
    this.apex = new ZoneRecords(dns);
    this.renderer = new ZoneRenderer(new AnswerRecords(dns), batch);
    this.maxRecords = settings.maxRecords();
    this.changes = changes;
  }

  @Override
  public List<Name> names() {
    List<String> labels = new ArrayList<>();
    for (ScopeInfo scope : index.scopes()) {
      labels.add(scope.label().toLowerCase(Locale.ROOT));
    }
    labels.sort(Comparator.naturalOrder());
    List<Name> names = new ArrayList<>(labels.size() * 4);
    for (String label : labels) {
      for (ListZone list : ListZone.values()) {
        Name name = origin(label, list);
        if (name != null) {
          names.add(name);
        }
      }
    }
    counts.retain(names);
    return names;
  }

  /**
   * The zones of a scope's label that were over {@link #maxRecords()} when last counted, as
   * absolute names without the final dot: each is refused to secondaries. A zone is counted when a
   * secondary asks for it, so a zone nobody asked for is not listed; nothing is rendered here.
   */
  public List<String> tooLarge(String label) {
    List<String> zones = new ArrayList<>();
    for (ListZone list : ListZone.values()) {
      Name name = origin(label.toLowerCase(Locale.ROOT), list);
      if (name != null && counts.over(name, maxRecords)) {
        zones.add(name.toString(true));
      }
    }
    return zones;
  }

  /**
   * The most records a zone may render to and be transferred: {@code
   * palisade.transfer.max-records}.
   */
  public long maxRecords() {
    return maxRecords;
  }

  @Override
  public Optional<ZoneImage> zone(Name origin) {
    Name base = apex.base();
    Name name = origin.canonicalize();
    if (!name.isAbsolute() || !name.subdomain(base) || name.labels() != base.labels() + 2) {
      return Optional.empty();
    }
    ListZone list = ListZone.ofWireLabel(name.getLabel(1), 0);
    String label = name.getLabelString(0);
    if (list == null) {
      return Optional.empty();
    }
    // The snapshot first: scopes read after it are as new or newer, so a change the snapshot lacks
    // shows as a scope serial above the zone's, and the zone's difference is not given (AXFR).
    ZoneView view = index.snapshot().zone(label);
    List<ScopeInfo> scopes = index.scopes();
    ScopeInfo own = find(scopes, label);
    if (view == null || own == null) {
      return Optional.empty();
    }
    ScopeInfo account = null;
    if (own.accountScopeId() != null) {
      account =
          scopes.stream().filter(s -> s.id() == own.accountScopeId()).findFirst().orElse(null);
    }
    return Optional.of(
        new RenderedZone(
            name,
            list,
            view,
            apex,
            renderer,
            maxRecords,
            new ZoneDifference.Scopes(own, account),
            changes,
            counts));
  }

  private static ScopeInfo find(List<ScopeInfo> scopes, String label) {
    for (ScopeInfo scope : scopes) {
      if (scope.label().equalsIgnoreCase(label)) {
        return scope;
      }
    }
    return null;
  }

  private Name origin(String label, ListZone list) {
    try {
      return Name.fromString(label + "." + list.label(), apex.base());
    } catch (TextParseException e) {
      return null; // a label too long for the base zone names no zone DNS could answer for
    }
  }
}
