package dev.palisade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.DnsTraffic;
import dev.palisade.dns.RateLimitSettings;
import dev.palisade.dns.RateLimiter;
import dev.palisade.dns.TcpCounters;
import dev.palisade.imports.ImportCounts;
import dev.palisade.index.LiveIndex;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shipped Grafana dashboard asks only for metrics Palisade serves, and shows each of them. */
class GrafanaDashboardTest {

  private static final Path DASHBOARD = Path.of("deploy/grafana/palisade.json");

  private static final Pattern METRIC = Pattern.compile("\\b(palisade_[a-z0-9_]+)");

  @Test
  void everyMetricOfTheDashboardIsServedAndEveryPalisadeMetricIsShown() throws Exception {
    JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    Set<String> asked = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        Matcher m = METRIC.matcher(target.get("expr").asString());
        while (m.find()) {
          asked.add(m.group(1));
        }
      }
    }

    Set<String> served = served();

    assertThat(served).containsAll(asked);
    assertThat(asked).containsAll(served);
  }

  /** The names of the samples Palisade's own meters serve. */
  private static Set<String> served() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new DnsMeters(
            new DnsTraffic("rbl.palisade.test"),
            new TcpCounters(),
            new RateLimiter(RateLimitSettings.defaults()))
        .bindTo(registry);
    new IndexMeters(new LiveIndex()).bindTo(registry);
    new WriteMeters(registry, new ImportCounts());
    new SignInMeters(registry);
    return Scrape.parse(registry.scrape()).samples().stream()
        .map(Scrape.Sample::name)
        .filter(name -> name.startsWith("palisade_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
