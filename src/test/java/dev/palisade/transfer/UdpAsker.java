package dev.palisade.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Asks many names of one server over one UDP socket, a window of queries in flight at a time: the
 * n-th name goes out with message ID n, so answers are matched by ID whatever their order. Queries
 * left unanswered, or answered truncated, are asked again. For the comparisons of the transfer
 * tests, where thousands of names are asked of four servers.
 */
final class UdpAsker {

  private static final int WINDOW = 200;
  private static final int ROUNDS = 20;

  private UdpAsker() {}

  /** The answer to each name, in the names' order. */
  static Map<Name, Message> ask(InetSocketAddress server, List<Name> names, int type) {
    if (names.size() > 0xffff) {
      throw new IllegalArgumentException("at most 65535 names at once");
    }
    Message[] answers = new Message[names.size()];
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.connect(server);
      socket.setSoTimeout(300);
      byte[] buffer = new byte[65535];
      for (int round = 0; round < ROUNDS; round++) {
        int missing = 0;
        for (int from = 0; from < names.size(); from += WINDOW) {
          int sent = 0;
          for (int i = from; i < Math.min(names.size(), from + WINDOW); i++) {
            if (answers[i] == null) {
              Message query = Message.newQuery(Record.newRecord(names.get(i), type, DClass.IN));
              query.getHeader().setID(i);
              byte[] wire = query.toWire();
              socket.send(new DatagramPacket(wire, wire.length));
              sent++;
            }
          }
          for (int received = 0; received < sent; received++) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
              socket.receive(packet);
            } catch (SocketTimeoutException e) {
              break;
            }
            Message answer = new Message(Arrays.copyOf(buffer, packet.getLength()));
            int id = answer.getHeader().getID();
            if (id < answers.length
                && !answer.getHeader().getFlag(Flags.TC)
                && answer.getQuestion() != null
                && answer.getQuestion().getName().equals(names.get(id))) {
              answers[id] = answer;
            }
          }
        }
        for (Message answer : answers) {
          if (answer == null) {
            missing++;
          }
        }
        if (missing == 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Name, Message> result = new LinkedHashMap<>();
    for (int i = 0; i < answers.length; i++) {
      if (answers[i] == null) {
        throw new IllegalStateException(server + " never answered " + names.get(i));
      }
      result.put(names.get(i), answers[i]);
    }
    return result;
  }
}
