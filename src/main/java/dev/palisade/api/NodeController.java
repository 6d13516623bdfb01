package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.cluster.NodeStatus;
import dev.palisade.cluster.Nodes;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Palisade nodes sharing this database, for operators: {@code GET /api/v1/nodes} lists each
 * with its heartbeat, how far it has followed the change feed and whether it is running, stale or
 * stopped. Other callers are refused with 403: the list names every node's addresses.
 */
@RestController
class NodeController {

  private final Nodes nodes;

  NodeController(Nodes nodes) {
    this.nodes = nodes;
  }

  @GetMapping("/api/v1/nodes")
  List<NodeResponse> list(@AuthenticationPrincipal Caller caller) {
    if (!caller.operator()) {
      throw new AccessDeniedException("only operator tokens list the nodes");
    }
    return nodes.all().stream().map(NodeResponse::of).toList();
  }

  /**
   * One node, as {@link NodeStatus} describes it: {@code state} in lower case ({@code running},
   * {@code stale}, {@code stopped}), the lag in seconds.
   */
  record NodeResponse(
      String name,
      String host,
      String version,
      String dnsAddress,
      Instant startedAt,
      Instant heartbeatAt,
      String state,
      long appliedSerial,
      long lagChanges,
      double lagSeconds,
      boolean thisNode) {

    static NodeResponse of(NodeStatus node) {
      return new NodeResponse(
          node.name(),
          node.host(),
          node.version(),
          node.dnsAddress(),
          node.startedAt(),
          node.heartbeatAt(),
          node.state().name().toLowerCase(Locale.ROOT),
          node.appliedSerial(),
          node.lagChanges(),
          node.lagSeconds(),
          node.thisNode());
    }
  }
}
