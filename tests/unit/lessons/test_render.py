"""lesson_render: console transcripts, named files, escaping, and the shipped lessons."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from lessons import transcripts
from lessons.render import duration_text
from lessons.services import lesson_parse, lesson_render

CONTENT = Path(__file__).resolve().parents[3] / "lessons" / "content"
LESSONS = sorted(CONTENT.glob("*/*.md"))


def runs(page: str) -> list[str]:
    return [html.unescape(value) for value in re.findall(r'data-run="([^"]*)"', page)]


def console(text: str, lang: str = "en") -> str:
    return lesson_render(body_md=f"```console\n{text}\n```\n", lang=lang)


class ConsoleBlockTests:
    def test_render_command_gets_run_button_with_exact_command(self) -> None:
        page = console("$ kubectl get pods -o wide")
        assert runs(page) == ["kubectl get pods -o wide"]
        assert "▶ Run</button>" in page
        assert '<span class="prompt" aria-hidden="true">$ </span>' in page

    def test_render_expected_output_is_collapsed_under_its_command(self) -> None:
        page = console("$ kubectl run myweb --image httpd\npod/myweb created")
        step = re.search(r'<div class="console-step" id="step-1">.*?</details></div>', page)
        assert step is not None
        assert "<details class=\"console-expect\" data-expect>" in step[0]
        assert "<details class=\"console-expect\" data-expect open" not in page
        assert "<summary>What you should see</summary>" in step[0]
        assert '<pre class="console-output">pod/myweb created</pre>' in step[0]

    def test_render_command_without_output_has_no_expected_output(self) -> None:
        assert "<details" not in console("$ kubectl logs myubuntu\n$ kubectl get pods")

    def test_render_here_document_body_belongs_to_its_command(self) -> None:
        page = console(
            "$ cat <<'EOF' > pod.yaml\nkind: Pod\nmetadata:\n  name: a\nEOF\n"
            "$ kubectl apply -f pod.yaml\npod/a created"
        )
        assert runs(page) == [
            "cat <<'EOF' > pod.yaml\nkind: Pod\nmetadata:\n  name: a\nEOF",
            "kubectl apply -f pod.yaml",
        ]
        assert "&#10;" in page  # line breaks survive as character references in the attribute
        assert page.count("<details") == 1

    def test_render_wait_line_is_a_note_in_each_language(self) -> None:
        assert '<p class="console-note console-wait">Wait about 30 s</p>' in console("~ 30s")
        assert '<p class="console-note console-wait">30초 정도 기다리세요</p>' in console(
            "~ 30s", lang="ko"
        )
        assert duration_text(text="1h30m", lang="en") == "1 h 30 min"
        assert duration_text(text="2m", lang="ko") == "2분"

    def test_render_tab_line_is_a_note_and_later_commands_go_to_that_tab(self) -> None:
        page = console("$ kubectl get pods -w\n@ 2\n$ kubectl delete pod a\n@ 1\n$ true")
        assert "In terminal tab 2" in page
        assert 'data-run="kubectl get pods -w" aria-label' in page  # before any switch: no tab
        assert 'data-run="kubectl delete pod a" data-tab="2"' in page
        assert 'data-run="true" data-tab="1"' in page
        assert "터미널 탭 2에서" in console("@ 2", lang="ko")

    def test_render_comment_is_a_muted_note_and_exit_status_is_hidden(self) -> None:
        page = console("# a comment\n$ kubectl logs x -c nope\nerror: no\n? exit 1")
        assert '<p class="console-note console-comment">a comment</p>' in page
        assert "exit" not in page
        assert "error: no</pre>" in page

    def test_render_interrupt_line_is_a_note(self) -> None:
        page = console("$ kubectl get pods -w\n^C")
        assert "Press Ctrl-C in the terminal" in page
        assert "^C" not in page

    def test_render_wildcards_become_an_ellipsis(self) -> None:
        page = console("$ kubectl get pods\nmyweb   1/1   Running   <*>\n<...>\nend")
        assert "<*>" not in page and "&lt;*&gt;" not in page and "&lt;...&gt;" not in page
        assert "myweb   1/1   Running   …\n…\nend" in page

    def test_render_steps_are_numbered_across_blocks(self) -> None:
        page = lesson_render(body_md="```console\n$ a\n```\n\ntext\n\n```console\n$ b\n```\n")
        assert 'id="step-1"' in page and 'id="step-2"' in page


class FileBlockTests:
    def test_render_named_yaml_has_caption_and_open_in_editor(self) -> None:
        page = lesson_render(body_md="```yaml file=pod.yaml\nkind: Pod\n  name: x\n```\n")
        assert '<code class="file-name">pod.yaml</code>' in page
        assert 'data-open-file="pod.yaml"' in page
        assert 'data-content="kind: Pod&#10;  name: x"' in page
        assert ">Open in editor</button>" in page

    def test_render_named_yaml_in_korean(self) -> None:
        page = lesson_render(body_md="```yaml file=pod.yaml\nkind: Pod\n```\n", lang="ko")
        assert ">편집기에서 열기</button>" in page

    def test_render_unnamed_yaml_and_text_blocks_stay_plain_code(self) -> None:
        page = lesson_render(body_md="```yaml\nkind: Pod\n```\n\n```text\nkubectl run\n```\n")
        assert 'class="language-yaml"' in page and 'class="language-text"' in page
        assert "data-open-file" not in page and "data-run" not in page


class EscapingTests:
    def test_render_raw_html_in_markdown_is_shown_as_text(self) -> None:
        page = lesson_render(body_md='<script>alert(1)</script>\n\nHi <b onclick="x">b</b>\n')
        assert "<script" not in page and "<b " not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_render_unsafe_link_targets_are_dropped(self) -> None:
        page = lesson_render(body_md="[a](javascript:alert(1)) [b](https://kubernetes.io/)\n")
        assert "javascript:" not in page
        assert 'href="https://kubernetes.io/"' in page

    def test_render_widgets_escape_commands_outputs_and_file_names(self) -> None:
        page = console('$ echo "<img src=x onerror=alert(1)>"\n<b>out</b> & more')
        assert "<img" not in page and "<b>" not in page
        assert 'data-run="echo &quot;&lt;img src=x onerror=alert(1)&gt;&quot;"' in page
        assert "&lt;b&gt;out&lt;/b&gt; &amp; more" in page
        named = lesson_render(body_md='```yaml file=a"b.yaml\nx: "<q>"\n```\n')
        assert "<q>" not in named and 'data-content="x: &quot;&lt;q&gt;&quot;"' in named

    def test_render_sections_get_language_neutral_ids(self) -> None:
        page = lesson_render(body_md="## 하나\n\n## Two\n")
        assert '<h2 id="section-1">하나</h2>' in page and '<h2 id="section-2">Two</h2>' in page


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_render_shipped_lesson_has_one_run_button_per_command(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    source = lesson_parse(text=text, lang=path.parent.name, source=str(path))
    page = lesson_render(body_md=source.body_md, lang=source.lang)
    blocks = transcripts.blocks(source.body_md)
    consoles = [block.text for block in blocks if block.kind == "console"]
    dollar_lines = sum(1 for text in consoles for line in text.splitlines() if line[:2] == "$ ")
    assert len(runs(page)) == dollar_lines > 0
    assert page.count("data-open-file=") == len(re.findall(r"^```ya?ml file=", text, re.M))
    assert "<*>" not in page and "? exit" not in page
    assert source.summary and source.sources and source.exercise


def test_render_list_right_after_a_paragraph_line_is_a_list() -> None:
    page = lesson_render(body_md="Checks:\n- a pod\n- its image\n\n```text\nx:\n- y\n```\n")
    assert "<p>Checks:</p>\n<ul>\n<li>a pod</li>\n<li>its image</li>\n</ul>" in page
    assert "x:\n- y" in page  # code blocks are left alone
