"""The image library's picker, for the hero of a story and the cover of a report."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse

from portal.inputs import as_id

from .models import Image


class HeroSelect(AutocompleteSelect):
    """The library's autocomplete, with a thumbnail of the chosen image beside it."""

    template_name = "admin/widgets/hero_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = Image.objects.filter(pk=as_id(value)).first() if as_id(value) else None
        context["widget"].update(
            image=image, lookup_url=reverse("admin:articles_image_search"),
        )  # fmt: skip
        return context
