from django.http import Http404
from django.shortcuts import render


def index(request):
    return render(request, "disclosure/index.html", {})


def column_detail(request, slug):
    raise Http404


def document_detail(request, pk):
    raise Http404


def attachment_download(request, public_id):
    raise Http404


def catalogue(request):
    raise Http404


def catalogue_csv(request):
    raise Http404
