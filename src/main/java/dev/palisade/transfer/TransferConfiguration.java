package dev.palisade.transfer;

import dev.palisade.dns.DnsSettings;
import dev.palisade.index.LiveIndex;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * Wires zone transfers into the DNS server's context: the {@link TransferServer} that the server
 * hands AXFR and IXFR requests to, the catalog zone, and the {@link Notifier} that tells the
 * secondaries of changes. The zones themselves come from the context's {@link ServedZones}. Without
 * a DNS server ({@code palisade.dns.enabled=false}, the command line) there is neither server nor
 * notifier. The change feed ({@link ChangeSource}) comes from start-up, which can reach it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecondarySettings.class, TransferSettings.class})
public class TransferConfiguration {

  /** The served zones, rendered from the live index; differences read from {@code changes}. */
  @Bean
  TransferZones servedZones(
      LiveIndex index, DnsSettings dns, TransferSettings settings, ChangeSource changes) {
    return new TransferZones(index, dns, settings, changes);
  }

  @Bean
  OfferedZones offeredZones(
      SecondarySettings settings, DnsSettings dns, ServedZones served, LiveIndex index) {
    Name catalog = settings.catalogName();
    Name base = absolute(dns.baseZone());
    if (catalog.subdomain(base)) {
      throw new IllegalArgumentException(
          "palisade.transfer.catalog-zone '"
              + settings.catalogZone()
              + "' must lie outside palisade.dns.base-zone: the catalog is never answered to"
              + " queries");
    }
    DnsSettings.Soa soa = dns.soa();
    CatalogZone.SoaValues values =
        new CatalogZone.SoaValues(
            absolute(dns.nameServers().get(0)),
            Name.fromConstantString("invalid."), // nobody is to be mailed about a catalog
            soa.refresh(),
            soa.retry(),
            soa.expire(),
            soa.minimum());
    return new OfferedZones(
        served, new CatalogZone(catalog, served, () -> index.snapshot().baseSerial(), values));
  }

  @Bean
  TsigKeys tsigKeys(SecondarySettings settings) {
    return TsigKeys.of(settings);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  TransferServer transferServer(
      SecondarySettings settings, OfferedZones zones, TsigKeys keys, ObjectProvider<Clock> clock) {
    RefusalLog refusals =
        new RefusalLog(
            LoggerFactory.getLogger(TransferServer.class),
            clock.getIfAvailable(Clock::systemUTC),
            settings.refusalLogInterval());
    return new TransferServer(zones, new TransferAccess(settings.allowNetworks(), keys), refusals);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  Notifier notifier(
      SecondarySettings settings,
      OfferedZones zones,
      TsigKeys keys,
      LiveIndex index,
      ObjectProvider<Clock> clocks) {
    List<Notifier.Target> targets = new ArrayList<>();
    for (int i = 0; i < settings.notifyTargets().size(); i++) {
      SecondarySettings.NotifyTarget target = settings.notifyTargets().get(i);
      TSIG key = keys.key(target.key());
      targets.add(
          new Notifier.Target(
              target.socketAddress("palisade.transfer.notify[" + i + "].address"), key));
    }
    Clock clock = clocks.getIfAvailable(Clock::systemUTC);
    return new Notifier(
        zones,
        targets,
        index::snapshot,
        clock,
        new RefusalLog(
            LoggerFactory.getLogger(Notifier.class), clock, settings.refusalLogInterval()));
  }

  /** A name DnsSettings has already checked, made absolute. */
  private static Name absolute(String checked) {
    try {
      return Name.fromString(checked.toLowerCase(Locale.ROOT), Name.root);
    } catch (TextParseException e) {
      throw new IllegalStateException("palisade.dns settings hold a bad name: " + checked, e);
    }
  }
}
