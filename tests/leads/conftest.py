"""Signed-in staff for the sales desk's tests."""

import pytest

from tests.factories import user_in_group


@pytest.fixture
def sales_user(db):
    """A member of the Sales role (username sam.sales)."""
    return user_in_group("Sales", "sam.sales")


@pytest.fixture
def sales_client(client, sales_user):
    client.force_login(sales_user)
    return client
