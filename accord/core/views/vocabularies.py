"""The coordinator's editor for vocabularies (taxonomies kept as data)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from accord.core import actions
from accord.core.forms import TermForm
from accord.core.models import Term, Vocabulary
from accord.core.policy import COORDINATOR, AuthedRequest, rule


@rule(COORDINATOR)
def vocabulary_list(request: AuthedRequest) -> HttpResponse:
    vocabularies = Vocabulary.objects.annotate(term_count=Count("terms")).order_by("name")
    return render(request, "core/vocabulary_list.html", {"vocabularies": vocabularies})


def _vocabulary(code: str) -> Vocabulary:
    vocabulary = Vocabulary.objects.filter(code=code).first()
    if vocabulary is None:
        raise Http404("No such vocabulary.")
    return vocabulary


def _save_term(request: AuthedRequest, vocabulary: Vocabulary, term: Term) -> HttpResponse:
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            actions.term_save(actor=request.user, term=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{form.instance.label}” is saved.")
            return redirect("core:vocabulary_detail", vocabulary.code)
    return render(request, "core/vocabulary_detail.html", {"vocabulary": vocabulary, "form": form, "term": term})


@rule(COORDINATOR)
def vocabulary_detail(request: AuthedRequest, code: str) -> HttpResponse:
    vocabulary = _vocabulary(code)
    return _save_term(request, vocabulary, Term(vocabulary=vocabulary))


@rule(COORDINATOR)
def term_edit(request: AuthedRequest, code: str, term_id: int) -> HttpResponse:
    vocabulary = _vocabulary(code)
    term = Term.objects.filter(vocabulary=vocabulary, pk=term_id).first()
    if term is None:
        raise Http404("No such term.")
    return _save_term(request, vocabulary, term)
