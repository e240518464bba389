"""Fixtures shared by the topic tests."""

import pytest

from tests.factories import TopicFactory


@pytest.fixture
def sharding():
    return TopicFactory(
        slug="sharding-test",
        name_en="Sharding",
        name_ru="Шардирование",
        terms_en=["sharding"],
        terms_ru=["шардирование"],
    )
