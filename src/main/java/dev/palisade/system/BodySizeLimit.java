package dev.palisade.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the size of API request bodies ({@code palisade.api.max-body-size}, default 32MB), so one
 * request cannot fill the heap. A declared {@code Content-Length} over the limit is answered 413 at
 * once, before authentication and without reading the body; a chunked body is counted as it is read
 * and fails with {@link PayloadTooLargeException} (413) when it passes the limit.
 */
@Configuration(proxyBeanMethods = false)
class BodySizeLimit {

  @Bean
  FilterRegistrationBean<LimitFilter> bodySizeLimitFilter(
      @Value("${palisade.api.max-body-size:32MB}") DataSize limit) {
    if (limit.toBytes() <= 0) {
      throw new IllegalArgumentException("palisade.api.max-body-size must be positive");
    }
    FilterRegistrationBean<LimitFilter> registration =
        new FilterRegistrationBean<>(new LimitFilter(limit.toBytes()));
    registration.addUrlPatterns("/api/*");
    // Before the security filters: an oversize body is refused without being read.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /** Thread-safe; one counting stream per request. */
  static final class LimitFilter extends OncePerRequestFilter {
    private final long limit;

    LimitFilter(long limit) {
      this.limit = limit;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (request.getContentLengthLong() > limit) {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(problemJson(request.getRequestURI()));
        return;
      }
      chain.doFilter(new Limited(request, limit), response);
    }

    private String problemJson(String path) {
      return "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
          + "\"detail\":\""
          + message(limit)
          + "\",\"instance\":\""
          + path.replace("\\", "\\\\").replace("\"", "\\\"")
          + "\"}";
    }
  }

  static String message(long limit) {
    return "The request body is larger than the limit of " + limit + " bytes.";
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream counted;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (counted == null) {
        counted = new Counting(super.getInputStream(), limit);
      }
      return counted;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > limit) {
        throw new PayloadTooLargeException(message(limit));
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
