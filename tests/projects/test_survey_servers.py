"""The participant's survey as a participant meets it: sent with a question unanswered it
says which, where; an altered or expired link answers a clear page, not a 500, under the
test client, Django's development server (`make run`) and gunicorn (production)."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core import mail

from projects.models import SurveyResponse
from tests.conftest import closed_port

from .test_survey import ANSWER, _link, sent  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
ALTERED = "/projects/survey/eyJpZCI6MSwiZW1haWwiOiJ4QHkuanAifQ:altered:signature/"


def test_an_unanswered_question_is_named_at_the_top_and_beside_it(client, db, sent):  # noqa: F811
    url = _link(next(m for m in mail.outbox if m.to == ["lee@b.example.com"]))
    response = client.post(url, {**ANSWER, "overall_satisfaction": "", "business_result": ""})
    page = response.content.decode()
    assert response.status_code == 200 and SurveyResponse.objects.count() == 0
    assert re.search(r"<title>\s*Error: Satisfaction survey", page)
    summary = re.search(r'<div[^>]*data-error-summary[^>]*>(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'href="#([^"]+)">([^<]+)</a>', summary) == [
        ("id_overall_satisfaction_0",
         "Overall, how satisfied are you with the project&#x27;s activities? Choose an "
         "answer."),
        ("id_business_result_0", "Did a business result follow (a contract, a joint "
                                 "development, an agreement)? Choose an answer.")]
    for name in ("overall_satisfaction", "business_result"):
        # The inline radios' group names its message, shown (d-block) inside the group.
        assert f'aria-describedby="id_{name}_error"' in page
        assert re.search(rf'<div id="id_{name}_error" class="invalid-feedback d-block">\s*'
                         r'<p id="error_1_id_\w+"><strong>Choose an answer.</strong>', page)
    assert "Useful meetings." in page  # what was typed stays


def test_in_japanese_the_messages_are_japanese(client, db, sent):  # noqa: F811
    url = _link(next(m for m in mail.outbox if m.to == ["sato@a.jp"]))
    page = client.post(url, {**ANSWER, "overall_satisfaction": "", "lang": "ja"}).content.decode()
    assert re.search(r"<title>\s*エラー: 満足度調査", page)
    assert "回答を選んでください。" in page
    assert "このフィールドは必須です。" not in page


def test_an_altered_link_under_the_test_client_is_a_clear_page(client, db):
    response = client.get(ALTERED)
    assert (response.status_code, response["Content-Language"]) == (404, "en")
    assert 'data-testid="link-refused"' in response.content.decode()


def _serve(command: list[str], port: int, tmp_path: Path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rit_portal.settings.base",
           # No database is read for an altered link: an empty SQLite file will do.
           "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "DEBUG": "False",
           "ALLOWED_HOSTS": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.3)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ALTERED}", timeout=10)
        except urllib.error.HTTPError as refused:
            return refused.code, refused.headers["Content-Language"], refused.read().decode()
        raise AssertionError("an altered link was accepted")
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.mark.parametrize("server", ["runserver", "gunicorn"])
def test_an_altered_link_under_a_real_server_is_a_clear_page(server, tmp_path):
    port = closed_port()
    command = {
        "runserver": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}",
                      "--noreload", "--skip-checks"],
        "gunicorn": [str(Path(sys.executable).with_name("gunicorn")), "rit_portal.wsgi",
                     "--bind", f"127.0.0.1:{port}", "--workers", "1",
                     "--control-socket", str(tmp_path / "gunicorn.ctl")],
    }[server]
    status, language, page = _serve(command, port, tmp_path)
    assert (status, language) == (404, "en")
    assert 'data-testid="link-refused"' in page
    assert "This link is not valid" in page
