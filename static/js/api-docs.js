// The API docs page: Swagger UI started from the settings the page carries, with no inline script.
// A signed-in person's "Try it out" writes send the CSRF token, as the site's own forms do.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var source = document.getElementById("swagger-settings");
  if (!root || !source || !window.SwaggerUIBundle) return;
  var settings = JSON.parse(source.textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  var csrf = root.dataset.csrfToken;
  if (csrf) {
    settings.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrf;
      return request;
    };
  }
  root.textContent = "";
  window.SwaggerUIBundle(settings);
})();
