from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.core.home import panels_for
from accord.core.policy import PUBLIC, SIGNED_IN, AuthedRequest, rule


@rule(SIGNED_IN)
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": panels_for(request.user)})


@rule(PUBLIC)
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
