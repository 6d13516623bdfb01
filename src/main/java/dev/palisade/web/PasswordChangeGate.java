package dev.palisade.web;

import dev.palisade.account.Users;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Sends a user whose password was generated (the first operator) to the password page until they
 * choose their own, so a password that went through a log file does not stay in use.
 */
@Configuration(proxyBeanMethods = false)
class PasswordChangeGate implements WebMvcConfigurer {

  private final Users users;

  PasswordChangeGate(Users users) {
    this.users = users;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(
            new HandlerInterceptor() {
              @Override
              public boolean preHandle(
                  HttpServletRequest request, HttpServletResponse response, Object handler)
                  throws java.io.IOException {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null
                    && auth.getPrincipal() instanceof SignedInUser user
                    && users.user(user.id()).isMustChangePassword()) {
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
