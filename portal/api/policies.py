"""The API's pagination and rate limit (named in settings.REST_FRAMEWORK)."""

from django.conf import settings
from rest_framework import pagination, throttling

from portal.clients import client_address


class Pagination(pagination.PageNumberPagination):
    """Pages of 50 by default; `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """API_RATE requests per client address (the one definition the site uses)."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
