"""The lesson page's own words (not lesson text), per language."""

from __future__ import annotations

UI: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to lesson",
        "lessons": "Lessons",
        "all_lessons": "All lessons",
        "done_of": "done",
        "done_mark": "done",
        "current": "current lesson",
        "previous": "Previous",
        "next": "Next",
        "pager": "Lesson pages",
        "mark_done": "Mark as done",
        "is_done": "You finished this lesson.",
        "exercise": "Try the exercise",
        "exercise_soon": "The exercise for this lesson opens soon",
        "sources": "Sources",
        "switch": "한국어",
        "switch_label": "이 레슨을 한국어로 보기",
    },
    "ko": {
        "skip": "본문으로 건너뛰기",
        "lessons": "레슨",
        "all_lessons": "레슨 목록",
        "done_of": "완료",
        "done_mark": "완료",
        "current": "현재 레슨",
        "previous": "이전",
        "next": "다음",
        "pager": "레슨 이동",
        "mark_done": "완료로 표시",
        "is_done": "이 레슨을 완료했습니다.",
        "exercise": "실습 문제 풀기",
        "exercise_soon": "이 레슨의 실습 문제는 곧 열립니다",
        "sources": "출처",
        "switch": "English",
        "switch_label": "Read this lesson in English",
    },
}
