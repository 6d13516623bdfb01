package dev.palisade.dns;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A UDP endpoint on a blocking {@link DatagramChannel}: one datagram per batch, each answer sent as
 * soon as it is given. Portable, and the fallback where {@link NativeUdpEndpoint} is not available.
 * Per query it costs two system calls, the JDK's locking and copy through its temporary direct
 * buffer, and a new {@link SocketAddress} whenever the sender changes.
 */
final class NioUdpEndpoint implements UdpEndpoint {

  private final DatagramChannel channel;
  private final byte[] datagram = new byte[QueryHandler.MAX_TCP_MESSAGE];
  private final ByteBuffer in = ByteBuffer.wrap(datagram);
  private SocketAddress sender;

  /** The sender whose address is in {@link #senderAddress}, to convert each sender once. */
  private SocketAddress converted;

  private final byte[] senderAddress = new byte[16];
  private byte[] outArray;
  private ByteBuffer out;

  private NioUdpEndpoint(DatagramChannel channel) {
    this.channel = channel;
  }

  /**
   * Opens {@code count} channels bound to one address and port with SO_REUSEPORT and a 1 MB receive
   * buffer. Where SO_REUSEPORT is missing (e.g. Windows) it opens one channel only, which then is
   * all the server reads.
   */
  static List<UdpEndpoint> bind(InetAddress address, int port, int count) throws IOException {
    List<UdpEndpoint> endpoints = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        DatagramChannel channel =
            DatagramChannel.open(
                address instanceof Inet6Address
                    ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
        endpoints.add(new NioUdpEndpoint(channel));
        if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
          channel.bind(new InetSocketAddress(address, port));
          return endpoints;
        }
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(new InetSocketAddress(address, port));
      }
      return endpoints;
    } catch (IOException | RuntimeException e) {
      endpoints.forEach(UdpEndpoint::close);
      throw e;
    }
  }

  @Override
  public int receive() throws IOException {
    in.clear();
    sender = channel.receive(in);
    return sender == null ? 0 : 1;
  }

  @Override
  public int query(int i, byte[] into) {
    int length = in.position();
    System.arraycopy(datagram, 0, into, 0, length);
    return length;
  }

  @Override
  public void source(int i, byte[] into) {
    if (sender != converted) {
      byte[] ip = ((InetSocketAddress) sender).getAddress().getAddress();
      if (ip.length == 4) {
        Arrays.fill(senderAddress, 0, 10, (byte) 0);
        senderAddress[10] = (byte) 0xff;
        senderAddress[11] = (byte) 0xff;
        System.arraycopy(ip, 0, senderAddress, 12, 4);
      } else {
        System.arraycopy(ip, 0, senderAddress, 0, 16);
      }
      converted = sender;
    }
    System.arraycopy(senderAddress, 0, into, 0, 16);
  }

  @Override
  public void answer(int i, byte[] answer, int length) throws IOException {
    if (answer != outArray) {
      outArray = answer;
      out = ByteBuffer.wrap(answer);
    }
    out.clear().limit(length);
    channel.send(out, sender);
  }

  @Override
  public void send() {
    // every answer went out in answer()
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }
}
