package dev.palisade.transfer;

import dev.palisade.dnsbl.Networks;
import java.net.Inet4Address;
import java.net.InetAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Who may transfer zones: a client whose address is in {@code palisade.transfer.allow} and, when
 * keys are configured, whose request is signed with one of them (RFC 8945). Decides, for one
 * request, to go on (with the key to sign the answer with), to refuse, or to answer a TSIG error.
 *
 * <p>Immutable and thread-safe.
 */
final class TransferAccess {

  /** What the request gets. */
  sealed interface Decision {}

  /** Allowed; the answer is signed with {@code key} when it is not null. */
  record Allowed(TSIG key) implements Decision {}

  /** REFUSED, for the reason given (logged, never sent). */
  record Refused(String reason) implements Decision {}

  /**
   * NOTAUTH with a TSIG error (RFC 8945 §5.2): BADKEY and BADSIG unsigned, BADTIME signed with
   * {@code key}.
   */
  record TsigError(int error, TSIG key, String reason) implements Decision {}

  private final Networks allowed;
  private final TsigKeys keys;

  TransferAccess(Networks allowed, TsigKeys keys) {
    this.allowed = allowed;
    this.keys = keys;
  }

  /** Whether the client's address is in {@code palisade.transfer.allow}; its key is not asked. */
  boolean allows(InetAddress client) {
    return allowed != null && contains(allowed, client);
  }

  /**
   * Decides about one request.
   *
   * @param request the request, decoded from {@code wire}
   * @param wire exactly the request's bytes, which its TSIG signs
   */
  Decision decide(Message request, byte[] wire, InetAddress client) {
    if (!allows(client)) {
      return new Refused("address not in palisade.transfer.allow");
    }
    TSIGRecord tsig = request.getTSIG();
    if (tsig == null) {
      return keys.required()
          ? new Refused("request not signed with a key of palisade.transfer.keys")
          : new Allowed(null);
    }
    TSIG key = keys.key(tsig.getName());
    if (key == null) {
      return new TsigError(Rcode.BADKEY, null, "unknown TSIG key " + tsig.getName());
    }
    int verified = key.verify(request, wire, null);
    return switch (verified) {
      case Rcode.NOERROR -> new Allowed(key);
      case Rcode.BADTIME ->
          new TsigError(Rcode.BADTIME, key, "TSIG time out of range, key " + tsig.getName());
      case Rcode.BADKEY ->
          new TsigError(Rcode.BADKEY, null, "wrong algorithm for TSIG key " + tsig.getName());
      default -> new TsigError(Rcode.BADSIG, null, "bad TSIG signature, key " + tsig.getName());
    };
  }

  private static boolean contains(Networks networks, InetAddress client) {
    byte[] bytes = client.getAddress();
    if (client instanceof Inet4Address) {
      return networks.contains(int32(bytes, 0));
    }
    long high = ((long) int32(bytes, 0) << 32) | (int32(bytes, 4) & 0xffffffffL);
    long low = ((long) int32(bytes, 8) << 32) | (int32(bytes, 12) & 0xffffffffL);
    if (high == 0 && (low >>> 32) == 0xffffL) {
      return networks.contains((int) low); // an IPv4 client on a dual-stack socket
    }
    return networks.contains(high, low);
  }

  private static int int32(byte[] bytes, int from) {
    return ((bytes[from] & 0xff) << 24)
        | ((bytes[from + 1] & 0xff) << 16)
        | ((bytes[from + 2] & 0xff) << 8)
        | (bytes[from + 3] & 0xff);
  }
}
