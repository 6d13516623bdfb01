package dev.palisade.dns;

import dev.palisade.dns.QueryHandler.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.xbill.DNS.Type;

/**
 * The DNS server's sockets: UDP and TCP on one address and port, each query handed to the {@link
 * QueryHandler} and its answer sent back. Owns sockets and threads only; what to answer is the
 * handler's job.
 *
 * <p>UDP: {@code udpThreads} threads, each blocking on its own socket bound to the same address and
 * port with SO_REUSEPORT, so the kernel spreads queries over them without a shared queue. Each
 * thread takes the queries its socket holds as one batch and sends their answers together, through
 * the {@link UdpEndpoint} that {@code udpIo} chooses ({@link UdpEndpoints}). TCP (RFC 7766): one
 * acceptor thread; each connection gets a thread from a pool bounded by {@code tcpMaxConnections},
 * reads length-prefixed queries one after another (pipelined queries are answered in order, RFC
 * 7766 §6.2.1.1) and is closed after {@code tcpIdleTimeout} of silence, or when a message takes
 * longer than {@code tcpMessageTimeout} ({@link TcpMessageReader}), or when its answer cannot be
 * written within that time ({@link TcpWriteWatch}); a message of a zone transfer to an address
 * allowed to transfer has {@code transferMessageTimeout} instead. Connections beyond the cap, or
 * beyond their source's share ({@link TcpSources}), are closed as soon as they are accepted; {@link
 * TcpCounters} counts what was turned away.
 *
 * <p>No exception stops a listener thread while the server runs: a failed query is dropped and the
 * loop goes on. Thread-safe; {@link #start()} and {@link #stop()} are called by the Spring
 * lifecycle, or by tests.
 */
public final class DnsServer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

  /** How often a bound-port race with another process is retried when the port is 0. */
  private static final int BIND_ATTEMPTS = 10;

  /** How long {@link #stop()} waits for threads to finish. */
  private static final long STOP_WAIT_MILLIS = 2000;

  private final DnsSettings settings;
  private final QueryHandler handler;

  /** Told of every answer sent (the statistics count them); must not block. */
  private final AnswerObserver observer;

  /**
   * Response rate limiting of UDP answers: may hold one back or send it truncated. TCP answers are
   * never limited.
   */
  private final RateLimiter limiter;

  private final TcpCounters tcpCounters;

  /** Asked about every answer sent; off, it costs one volatile read. */
  private final QueryLog queryLog;

  /** Answers zone transfer requests; {@link TransferResponder#NONE} leaves them to the handler. */
  private final TransferResponder transfers;

  private final Object lifecycle = new Object();
  private volatile boolean running;
  private volatile int port = -1;
  private final List<UdpEndpoint> udpEndpoints = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private ServerSocket tcpSocket;
  private ExecutorService tcpPool;
  private TcpWriteWatch tcpWrites;
  private final Set<Socket> tcpConnections = ConcurrentHashMap.newKeySet();

  /** Listener threads (UDP receivers and the TCP acceptor) currently inside their loop. */
  private final AtomicInteger liveListeners = new AtomicInteger();

  private final RateLimitedWarning warning = new RateLimitedWarning(log);

  /** Gives the background a lower priority than the listener threads once they run. */
  private final AnsweringPriority priority;

  /** Counts the listener threads of a start down as they register with {@link #priority}. */
  private CountDownLatch registered = new CountDownLatch(0);

  /** Running totals of what the server refused, for the metrics. */
  DnsServer(DnsSettings settings, QueryHandler handler) {
    this(settings, handler, AnswerObserver.NONE);
  }

  /** A server with the default rate limits ({@link RateLimitSettings#defaults()}). */
  DnsServer(DnsSettings settings, QueryHandler handler, AnswerObserver observer) {
    this(
        settings,
        handler,
        observer,
        new RateLimiter(RateLimitSettings.defaults()),
        new TcpCounters(),
        QueryLog.OFF);
  }

  DnsServer(
      DnsSettings settings,
      QueryHandler handler,
      AnswerObserver observer,
      RateLimiter limiter,
      TcpCounters tcpCounters,
      QueryLog queryLog) {
    this(settings, handler, observer, limiter, tcpCounters, queryLog, TransferResponder.NONE);
  }

  DnsServer(
      DnsSettings settings,
      QueryHandler handler,
      AnswerObserver observer,
      RateLimiter limiter,
      TcpCounters tcpCounters,
      QueryLog queryLog,
      TransferResponder transfers) {
    this(settings, handler, observer, limiter, tcpCounters, queryLog, transfers, 0, 0);
  }

  /**
   * @param backgroundNice nice steps between the answering threads and every other thread of the
   *     process once the server runs ({@link AnsweringPriority}); 0 leaves priorities alone
   * @param requestNice nice steps between the answering threads and the web server's request
   *     threads, at most {@code backgroundNice}
   */
  DnsServer(
      DnsSettings settings,
      QueryHandler handler,
      AnswerObserver observer,
      RateLimiter limiter,
      TcpCounters tcpCounters,
      QueryLog queryLog,
      TransferResponder transfers,
      int backgroundNice,
      int requestNice) {
    this.priority = new AnsweringPriority(backgroundNice, requestNice);
    this.transfers = transfers;
    this.settings = settings;
    this.handler = handler;
    this.observer = observer;
    this.limiter = limiter;
    this.tcpCounters = tcpCounters;
    this.queryLog = queryLog;
  }

  /**
   * Binds the sockets and starts the threads. Throws {@link IllegalStateException} naming the
   * address and port when they cannot be bound.
   */
  @Override
  public void start() {
    synchronized (lifecycle) {
      if (running) {
        return;
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(settings.address());
      } catch (IOException e) {
        throw new IllegalStateException("cannot resolve palisade.dns.address", e);
      }
      bind(address);
      running = true;
      int slots = settings.tcpMaxConnections();
      Semaphore connectionSlots = new Semaphore(slots);
      TcpSources sources = new TcpSources(settings.tcpMaxPerSource());
      tcpWrites =
          new TcpWriteWatch(
              settings.tcpMessageTimeout(), settings.transferMessageTimeout(), tcpCounters);
      tcpWrites.start();
      // The semaphore is the real bound on connections. Threads are created on demand; the pool
      // may briefly need more threads than slots, while a finished connection's thread has
      // released its slot but not yet returned to the pool, hence the headroom.
      tcpPool =
          new ThreadPoolExecutor(
              0,
              2 * slots,
              30,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              runnable -> newThread(runnable, "dns-tcp-conn"));
      priority.forgetThreads();
      registered = new CountDownLatch(udpEndpoints.size() + 1);
      for (int i = 0; i < udpEndpoints.size(); i++) {
        UdpEndpoint endpoint = udpEndpoints.get(i);
        startListener(() -> serveUdp(endpoint), "dns-udp-" + i);
      }
      ServerSocket acceptor = tcpSocket;
      ExecutorService pool = tcpPool;
      startListener(() -> acceptTcp(acceptor, connectionSlots, sources, pool), "dns-tcp-accept");
      answerFirst();
      log.info(
          "DNS server listening on {} port {} (UDP x{}, TCP up to {} connections), zone {}",
          address.getHostAddress(),
          port,
          udpEndpoints.size(),
          slots,
          settings.baseZone());
    }
  }

  /**
   * Once the whole application has started, with its web server: gives every thread but the
   * answering ones and the web server's request threads the background's priority, the calling
   * thread too (see {@link AnsweringPriority}). Does nothing when the server does not run or
   * priorities are off.
   */
  public void lowerAllButRequests() {
    synchronized (lifecycle) {
      if (running) {
        priority.lowerAllButRequests();
      }
    }
  }

  /** Closes every socket, which wakes the blocked threads, and waits briefly for them to end. */
  @Override
  public void stop() {
    synchronized (lifecycle) {
      if (!running) {
        return;
      }
      running = false;
      closeQuietly(tcpSocket);
      udpEndpoints.forEach(DnsServer::closeQuietly);
      tcpConnections.forEach(DnsServer::closeQuietly);
      tcpPool.shutdownNow();
      tcpWrites.stop();
      long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
      for (Thread thread : threads) {
        try {
          thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      threads.clear();
      udpEndpoints.clear();
      tcpSocket = null;
      port = -1;
      log.info("DNS server stopped");
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * The port the sockets are bound to, which differs from the setting when that is 0; -1 when
   * stopped.
   */
  public int port() {
    return port;
  }

  /** What the TCP side turned away since the server was made. */
  TcpCounters tcpCounters() {
    return tcpCounters;
  }

  /** Listener threads inside their loop: {@code udpThreads + 1} while running. For tests. */
  int liveListeners() {
    return liveListeners.get();
  }

  /**
   * Binds TCP first, then the UDP sockets to the same port. With port 0 the kernel picks a free TCP
   * port, which may be taken for UDP by another process: then everything is closed and retried.
   */
  private void bind(InetAddress address) {
    UdpEndpoints udp = UdpEndpoints.choose(settings.udpIo());
    int attempts = settings.port() == 0 ? BIND_ATTEMPTS : 1;
    IOException failure = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      try {
        ServerSocket tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        try {
          tcp.bind(new InetSocketAddress(address, settings.port()), 128);
          int bound = tcp.getLocalPort();
          List<UdpEndpoint> endpoints = udp.bind(address, bound, settings.udpThreads());
          tcpSocket = tcp;
          udpEndpoints.addAll(endpoints);
          port = bound;
          return;
        } catch (IOException | RuntimeException e) {
          closeQuietly(tcp);
          throw e;
        }
      } catch (IOException e) {
        failure = e;
      }
    }
    throw new IllegalStateException(
        "cannot listen for DNS on "
            + settings.address()
            + " port "
            + settings.port()
            + " (palisade.dns.address / palisade.dns.port): "
            + failure.getMessage(),
        failure);
  }

  /**
   * One UDP receiver: a batch of queries from the socket, each answered, then the answers sent
   * together. The buffers and the fast path are the thread's own and reused for every query, so the
   * common query allocates nothing here (over nio the JDK still creates the sender's address
   * whenever the sender changes).
   */
  private void serveUdp(UdpEndpoint endpoint) {
    byte[] query = new byte[QueryHandler.MAX_TCP_MESSAGE];
    byte[] answer = new byte[QueryHandler.MAX_TCP_MESSAGE];
    FastPath fast = handler.newFastPath();
    RateLimiter.Gate gate = limiter.newGate();
    QuerySource source = new QuerySource();
    try {
      while (running) {
        int count;
        try {
          count = endpoint.receive();
        } catch (ClosedChannelException e) {
          if (running) {
            warn("UDP socket closed while the server runs", e);
          }
          return; // a closed socket cannot be revived; stop() or a restart will follow
        } catch (Throwable e) {
          if (running) {
            warn("UDP receive failed", e);
          }
          continue;
        }
        gate.batch();
        for (int i = 0; i < count; i++) {
          try {
            int length = endpoint.query(i, query);
            if (length < 0) {
              continue;
            }
            endpoint.sender(i, source);
            int size = udpTransfer(query, length, source, answer);
            if (size == NOT_A_TRANSFER) {
              size = handler.answer(query, length, Transport.UDP, source, fast, answer);
            }
            if (size >= 0) {
              size = gate.limit(source.mappedHigh(), source.mappedLow(), answer, size);
            }
            if (size >= 0) {
              fast.report(observer, query, length, answer, size);
              if (queryLog.wants(query, length)) {
                queryLog.write(source.address(), false, query, length, answer, size);
              }
              endpoint.answer(i, answer, size);
            }
          } catch (Throwable e) {
            // Sending can fail for one client (unreachable, port 0): log and go on.
            if (running) {
              warn("UDP query failed", e);
            }
          }
        }
        try {
          endpoint.send();
        } catch (Throwable e) {
          if (running) {
            warn("UDP answers failed", e);
          }
        }
      }
    } finally {
      liveListeners.decrementAndGet();
    }
  }

  /** The TCP acceptor: takes connections and hands each to the pool, or closes it when full. */
  private void acceptTcp(
      ServerSocket acceptor, Semaphore slots, TcpSources sources, ExecutorService pool) {
    try {
      while (running) {
        Socket socket;
        try {
          socket = acceptor.accept();
        } catch (Throwable e) {
          if (!running) {
            return;
          }
          warn("TCP accept failed", e);
          pause();
          continue;
        }
        // RFC 7766 §6.2.2 lets a server close connections to protect its resources.
        if (!slots.tryAcquire()) {
          tcpCounters.refusedFull(1);
          closeQuietly(socket);
          continue;
        }
        // A secondary opens a connection per zone it refreshes; only the total bounds it.
        InetAddress peer = socket.getInetAddress();
        boolean secondary = transfers.secondary(peer);
        TcpSources.Source source = secondary ? TcpSources.uncounted() : sources.admit(peer);
        if (source == null) {
          tcpCounters.refusedPerSource(1);
          slots.release();
          closeQuietly(socket);
          continue;
        }
        Runnable release =
            () -> {
              tcpConnections.remove(socket);
              sources.release(source);
              slots.release();
            };
        try {
          tcpConnections.add(socket);
          TcpWriteWatch writes = tcpWrites;
          pool.execute(() -> serveTcp(socket, secondary, writes, release));
        } catch (RejectedExecutionException e) {
          release.run();
          closeQuietly(socket);
        } catch (Throwable e) {
          release.run();
          closeQuietly(socket);
          warn("TCP hand-off failed", e);
        }
      }
    } finally {
      liveListeners.decrementAndGet();
    }
  }

  /**
   * One TCP connection: two-byte length, query, answer with the same framing (RFC 1035 §4.2.2),
   * repeated until the client closes, sends garbage framing or stays idle too long.
   *
   * @param secondary whether the client is allowed to transfer: the messages of its transfers may
   *     wait longer to be read ({@link TcpWriteWatch#writingTransfer})
   */
  private void serveTcp(Socket socket, boolean secondary, TcpWriteWatch writes, Runnable release) {
    try (socket) {
      socket.setTcpNoDelay(true);
      TcpMessageReader in =
          new TcpMessageReader(socket, settings.tcpIdleTimeout(), settings.tcpMessageTimeout());
      OutputStream out = socket.getOutputStream();
      byte[] query = new byte[65535];
      byte[] answer = new byte[QueryHandler.MAX_TCP_MESSAGE];
      byte[] frame = new byte[2 + QueryHandler.MAX_TCP_MESSAGE];
      FastPath fast = handler.newFastPath();
      QuerySource source = new QuerySource();
      source.set(socket.getInetAddress());
      TransferResponder.Messages messages =
          (message, length) -> write(socket, out, frame, message, length, writes, secondary);
      while (running) {
        int length = in.next(query);
        if (length < 0) {
          countClosed(length);
          return; // done, idle or slow (RFC 7766 §6.2.3, §10), or framing gone wrong
        }
        int type = transfers == TransferResponder.NONE ? 0 : TransferQuestion.type(query, length);
        if ((type == Type.AXFR || type == Type.IXFR)
            && transfers.transfer(query, length, socket.getInetAddress(), messages)) {
          continue; // a zone transfer, written message by message; the connection stays open
        }
        if (type == Type.SOA) {
          byte[] reply = transfers.answer(query, length, socket.getInetAddress());
          if (reply != null) {
            write(socket, out, frame, reply, reply.length, writes, false); // a signed serial check
            continue;
          }
        }
        int size = handler.answer(query, length, Transport.TCP, source, fast, answer);
        if (size < 0) {
          continue;
        }
        fast.report(observer, query, length, answer, size);
        if (queryLog.wants(query, length)) {
          queryLog.write(socket.getInetAddress(), true, query, length, answer, size);
        }
        write(socket, out, frame, answer, size, writes, false);
      }
    } catch (IOException e) {
      // Reset, timeout inside a message, or closed by stop(): the connection is over.
    } catch (Throwable e) {
      if (running) {
        warn("TCP connection failed", e);
      }
    } finally {
      writes.written(socket); // a write that failed is no longer one to watch
      release.run();
    }
  }

  /**
   * Writes one message after its two-byte length, in one write so that they share a segment. A
   * client that does not take it within its limit is closed ({@link TcpWriteWatch}): the answer
   * timeout, or for a message of a transfer to a secondary the transfer timeout.
   *
   * @param frame room for the length and the largest message
   */
  private static void write(
      Socket socket,
      OutputStream out,
      byte[] frame,
      byte[] message,
      int length,
      TcpWriteWatch writes,
      boolean transfer)
      throws IOException {
    frame[0] = (byte) (length >>> 8);
    frame[1] = (byte) length;
    System.arraycopy(message, 0, frame, 2, length);
    if (transfer) {
      writes.writingTransfer(socket);
    } else {
      writes.writing(socket);
    }
    out.write(frame, 0, 2 + length);
    out.flush();
    writes.written(socket);
  }

  /** What {@link #udpTransfer} returns for a query the transfer responder does not answer. */
  private static final int NOT_A_TRANSFER = -2;

  /**
   * An IXFR or SOA query over UDP that the transfer responder answers, into {@code answer}: its
   * length, or {@link #NOT_A_TRANSFER} for anything else (AXFR over UDP included, which the handler
   * refuses).
   */
  private int udpTransfer(byte[] query, int length, QuerySource source, byte[] answer) {
    if (transfers == TransferResponder.NONE) {
      return NOT_A_TRANSFER;
    }
    int type = TransferQuestion.type(query, length);
    if (type != Type.IXFR && type != Type.SOA) {
      return NOT_A_TRANSFER;
    }
    byte[] reply = transfers.answer(query, length, source.address());
    if (reply == null) {
      return NOT_A_TRANSFER;
    }
    System.arraycopy(reply, 0, answer, 0, reply.length);
    return reply.length;
  }

  private void countClosed(int why) {
    if (why == TcpMessageReader.IDLE) {
      tcpCounters.closedIdle(1);
    } else if (why == TcpMessageReader.SLOW) {
      tcpCounters.closedSlow(1);
    }
  }

  /**
   * Once every listener thread has registered, lowers the priority of the process's other threads.
   * A listener that has not registered within a second (a machine far too busy) keeps the
   * background's priority until the next start; DNS answers all the same.
   */
  private void answerFirst() {
    try {
      if (!registered.await(1, TimeUnit.SECONDS)) {
        log.warn("DNS threads slow to start: the background keeps its priority");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    priority.lowerTheRest();
  }

  /** Starts a listener thread, counted live from now until its loop ends. */
  private void startListener(Runnable body, String name) {
    liveListeners.incrementAndGet();
    CountDownLatch started = registered;
    Thread thread =
        newThread(
            () -> {
              priority.register();
              started.countDown();
              body.run();
            },
            name);
    threads.add(thread);
    thread.start();
  }

  private static Thread newThread(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private void warn(String what, Throwable e) {
    warning.warn(what, e);
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // closing: nothing left to do
    }
  }
}
