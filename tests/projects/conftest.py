"""The projects tests' usual subjects: a published project and an applicant of its
organisation."""

import pytest

from .builders import member_of, published_project


@pytest.fixture
def project():
    return published_project()


@pytest.fixture
def member(project):
    return member_of(project)
