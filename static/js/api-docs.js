// Starts Swagger UI on /api/v1/docs. A file of its own, not an inline script: the CSP allows scripts from
// this site only. The OpenAPI address comes from the page (data-openapi-url).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function start() {
    var container = document.getElementById("swagger-ui");
    if (!container || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.ui = window.SwaggerUIBundle({
      url: container.getAttribute("data-openapi-url"),
      domNode: container,
      // No deep links: Swagger UI puts them as links inside each operation's button, and a link inside a
      // button is out of reach for keyboard and screen reader users (WCAG 4.1.2).
      deepLinking: false,
      // No badge from validator.swagger.io: it would load an image from another site (and the CSP refuses it).
      validatorUrl: null,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      // "Try it out" while logged in uses the session cookie, so it carries the session's CSRF token too.
      requestInterceptor: function (request) {
        request.headers["X-CSRF-Token"] = csrfToken();
        return request;
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
