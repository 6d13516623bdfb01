package dev.palisade.web;

import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Sends a user whose password was generated (the first operator) or set by someone else (an
 * operator or an account's admin who created the user) to the password page until they choose their
 * own, so a password that went through a log file, a mail or a chat does not stay in use. Every
 * page and form of the UI is held back, GET or POST; the API is not, as it takes tokens, not
 * sessions. Reads the flag the session signed in with ({@link SignedInUser#mustChangePassword}),
 * which is current: setting it again always comes with a new password, which ends the session.
 */
@Configuration(proxyBeanMethods = false)
class PasswordChangeGate implements WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(
            new HandlerInterceptor() {
              @Override
              public boolean preHandle(
                  HttpServletRequest request, HttpServletResponse response, Object handler)
                  throws IOException {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null
                    && auth.getPrincipal() instanceof SignedInUser user
                    && user.mustChangePassword()) {
                  response.sendRedirect(request.getContextPath() + "/password");
                  return false;
                }
                return true;
              }
            })
        .addPathPatterns("/**")
        .excludePathPatterns(
            "/password", "/login", "/logout", "/css/**", "/error", "/api/**", "/actuator/**");
  }
}
