"""The OpenAPI schema and Swagger UI (from drf-spectacular-sidecar: local files, no CDN) for signed-in members.

Swagger UI's start-up script is served as a file of its own (the "split" view) so the strict CSP holds.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from accord.core.policy import SIGNED_IN, rule


@rule(SIGNED_IN)
class Schema(SpectacularAPIView):
    # The page middleware has already applied the rule (these are not under /api/v1/).
    permission_classes = [AllowAny]


@rule(SIGNED_IN)
class SwaggerUi(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"
