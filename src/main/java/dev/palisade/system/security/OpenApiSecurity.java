package dev.palisade.system.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the OpenAPI description that the API takes a bearer token, so Swagger UI offers to send
 * one. A customizer rather than an {@code OpenAPI} bean, so the API's own description can coexist.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiSecurity {

  static final String SCHEME = "apiToken";

  @Bean
  OpenApiCustomizer bearerTokenScheme() {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi
          .getComponents()
          .addSecuritySchemes(
              SCHEME,
              new SecurityScheme()
                  .type(SecurityScheme.Type.HTTP)
                  .scheme("bearer")
                  .description("An API token: Authorization: Bearer pal_..."));
      openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
    };
  }
}
