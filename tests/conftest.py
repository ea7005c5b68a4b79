import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    from portal import localcache, pagecache

    cache.clear()
    yield
    cache.clear()
    localcache.forget_all()
    pagecache.local_pages.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(role="信息发布员")


@pytest.fixture
def reviewer(db):
    from tests.factories import UserFactory

    return UserFactory(role="审核员")


@pytest.fixture
def site_admin(db):
    from tests.factories import UserFactory

    return UserFactory(role="站点管理员")
