package dev.palisade.web;

import dev.palisade.cluster.Nodes;
import dev.palisade.system.security.SignedInUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Palisade nodes sharing the database, for operators ({@code /nodes}): each node's DNS address,
 * version, last heartbeat, the change-feed serial it has applied and how far behind it is, and the
 * nodes that stopped or went silent. The same list as {@code GET /api/v1/nodes}.
 */
@Controller
class NodePages {

  private final Nodes nodes;

  NodePages(Nodes nodes) {
    this.nodes = nodes;
  }

  @GetMapping("/nodes")
  String list(@AuthenticationPrincipal SignedInUser user, Model model) {
    if (!user.operator()) {
      throw new AccessDeniedException("Only operators see the nodes.");
    }
    model.addAttribute("nodes", nodes.all());
    return "nodes/list";
  }
}
