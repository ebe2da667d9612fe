"""The English-on-a-Korean-page detector (tests/korean_pages.py) itself: it flags what issue #10
saw on Korean pages and passes their Korean forms, technical words and code."""

from __future__ import annotations

import pytest

from tests.korean_pages import english_literals

BODY = '<div class="lesson-body">{}</div>'


@pytest.mark.parametrize("html", [
    '<nav aria-label="Account"><a href="/accounts/login/">Log in</a></nav>',
    '<a class="skip-link" href="#main">Skip to content</a>',
    '<span id="connection-status">connected</span>',
    '<span id="save-status">Unsaved changes</span>',
    BODY.format("<h2>Exercise</h2>"),
    BODY.format("<p>Try the exercise below.</p>"),
    '<button type="button" title="Delete the file">삭제</button>',
    '<input type="submit" value="Sign up">',
    '<template data-resetting="Starting over…"></template>',
    '<p>Join link for learners: <input value="https://x.test/j/1"></p>',
])
def test_english_ui_text_is_flagged(html: str) -> None:
    assert english_literals(html)


@pytest.mark.parametrize("html", [
    '<nav aria-label="계정"><a href="/accounts/login/">로그인</a></nav>',
    BODY.format("<h2>실습</h2><p>디플로이먼트(Deployment)와 <strong>Running</strong> 상태</p>"),
    '<pre><code>$ kubectl get pods\nNAME   READY   STATUS</code></pre>',
    '<button aria-label="터미널에서 실행: kubectl get pods -o wide">▶ 실행</button>',
    '<input placeholder="pod.yaml"> <button title="kubectl apply -f">적용</button>',
    '<a lang="en" href="/lessons/en/x/">English</a>',
    '<span class="pane-hint">Ctrl-C 중지 · Esc 다음 Tab으로 나가기</span>',
    '<p>CSV (학습자마다 한 줄) · YAML 내보내기 · CPU와 메모리</p>',
])
def test_korean_text_technical_words_and_code_pass(html: str) -> None:
    assert english_literals(html) == []


def test_user_content_is_shown_as_written() -> None:
    html = "<h1>Week 1 · Pods 101</h1>"
    assert english_literals(html)
    assert english_literals(html, user_content=frozenset({"Week 1", "Pods 101"})) == []
