// WellFlow API docs: served by nginx at /docs/swagger-initializer.js in place
// of the file shipped in swagger-ui-dist. It points Swagger UI at the live
// OpenAPI document that nginx proxies from PostgREST at /openapi.json.
//
// The URL is resolved against this page, so the docs keep working when the
// edge is reached through another host, port or path prefix.
(function () {
  "use strict";

  var specUrl = new URL("../openapi.json", window.location.href).toString();

  window.addEventListener("load", function () {
    window.ui = SwaggerUIBundle({
      url: specUrl,
      dom_id: "#swagger-ui",
      deepLinking: true,
      displayRequestDuration: true,
      filter: true,
      persistAuthorization: true,
      // Do not send the document to the public online validator.
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      plugins: [SwaggerUIBundle.plugins.DownloadUrl],
      layout: "StandaloneLayout"
    });
  });
})();
