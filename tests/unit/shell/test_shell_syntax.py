"""Quoting, expansions, lists, pipes, redirections, here-documents and bash's error wording."""

from __future__ import annotations

from playground.sim.shell import Io, Shell
from tests.unit.shell.conftest import Run


def test_quote_single_double_and_backslash_concatenate(run: Run) -> None:
    assert run("""echo 'a  b'"c $HOME"\\ d 'it'\\''s'""") == (0, "a  bc /home/learner d it's\n", "")


def test_expand_variables_braces_status_and_tilde(run: Run) -> None:
    assert run("X=pod; echo $X ${X}s \"$X\" '$X' ~ ~/a $UNSET.") == (
        0,
        "pod pods pod $X /home/learner /home/learner/a .\n",
        "",
    )
    run("false")
    assert run("echo $?") == (0, "1\n", "")


def test_expand_unquoted_variable_splits_into_fields(run: Run) -> None:
    run('X="a   b"')
    assert run("printf '[%s]' $X \"$X\"") == (0, "[a][b][a   b]", "")


def test_expand_command_substitution(run: Run) -> None:
    assert run("echo x$(echo hi)y `echo there`") == (0, "xhiy there\n", "")


def test_expand_glob_matches_files_or_stays_literal(run: Run) -> None:
    run("touch b.yaml")
    assert run("echo *.yaml *.json") == (0, "b.yaml myweb.yaml *.json\n", "")


def test_export_lists_and_env_shows_exported(run: Run) -> None:
    run("export NS=demo; LOCAL=1")
    assert 'declare -x NS="demo"\n' in run("export")[1]
    env = run("env")[1]
    assert "NS=demo\n" in env and "LOCAL" not in env and "HOME=/home/learner\n" in env


def test_alias_define_use_list_and_unalias(run: Run) -> None:
    assert run("alias k=kubectl") == (0, "", "")
    assert run("k get po") == (0, "kubectl get po\n", "")
    assert run("alias") == (0, "alias k='kubectl'\n", "")
    assert run("unalias k; unalias k") == (1, "", "bash: unalias: k: not found\n")
    assert run("k get po") == (127, "", "bash: k: command not found\n")


def test_alias_defined_on_same_line_applies_from_next_line(run: Run) -> None:
    assert run("alias k=kubectl; k get po") == (127, "", "bash: k: command not found\n")


def test_lists_and_or_semicolon(run: Run) -> None:
    assert run("false && echo no; true && echo yes || echo never") == (0, "yes\n", "")
    assert run("false || false") == (1, "", "")


def test_pipe_passes_stdout_only(run: Run) -> None:
    assert run("cat nope myweb.yaml | grep -c :") == (
        0,
        "4\n",
        "cat: nope: No such file or directory\n",
    )


def test_redirect_write_append_read_and_dev_null(run: Run, files: dict[str, str]) -> None:
    run("echo one > out.txt; echo two >> out.txt")
    assert files["out.txt"] == "one\ntwo\n"
    assert run("wc -l < out.txt") == (0, "2\n", "")
    assert run("cat nope 2>/dev/null") == (1, "", "")
    assert run("cat nope >/dev/null 2>&1") == (1, "", "")
    assert run("cat nope 2>&1 | wc -l") == (0, "1\n", "")


def test_redirect_into_missing_directory_fails(run: Run) -> None:
    assert run("echo x > nope/x") == (1, "", "bash: nope/x: No such file or directory\n")


def test_heredoc_to_file_expands_variables(run: Run, files: dict[str, str]) -> None:
    text = "N=web\ncat <<EOF > pod.yaml\nname: $N\nimage: \\$x\nEOF"
    assert run(text.split("\n")[0]) == (0, "", "")
    assert run("\n".join(text.split("\n")[1:])) == (0, "", "")
    assert files["pod.yaml"] == "name: web\nimage: $x\n"


def test_heredoc_quoted_delimiter_keeps_text_and_dash_strips_tabs(run: Run) -> None:
    assert run("cat <<'EOF'\n$HOME\nEOF") == (0, "$HOME\n", "")
    assert run("cat <<-EOF\n\t\tindented\n\tEOF") == (0, "indented\n", "")


def test_heredoc_feeds_kubectl_stdin(run: Run) -> None:
    assert run("kubectl apply -f - <<EOF\nkind: Pod\nEOF") == (
        0,
        "kubectl apply -f -\nstdin: kind: Pod\n",
        "",
    )


def test_heredoc_without_terminator_warns(run: Run) -> None:
    assert run("cat <<EOF\nabc") == (
        0,
        "abc\n",
        "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n",
    )


def test_syntax_error_unquoted_parenthesis(run: Run) -> None:
    assert run("kubectl get po -l env in (prod,devel)") == (
        2,
        "",
        "bash: syntax error near unexpected token `('\n",
    )


def test_syntax_error_unterminated_quotes_and_missing_target(run: Run) -> None:
    assert run("echo 'abc") == (2, "", "bash: unexpected EOF while looking for matching `''\n")
    assert run('echo "abc') == (2, "", "bash: unexpected EOF while looking for matching `\"'\n")
    assert run("echo >") == (2, "", "bash: syntax error near unexpected token `newline'\n")
    assert run("| wc") == (2, "", "bash: syntax error near unexpected token `|'\n")


def test_run_unknown_command_is_127(run: Run) -> None:
    assert run("foo --bar") == (127, "", "bash: foo: command not found\n")


def test_run_comment_only_line_changes_nothing(run: Run) -> None:
    run("false")
    assert run("# just a note") == (1, "", "")


def test_history_numbers_lines_like_bash(run: Run) -> None:
    run("echo a")
    run(" secret")
    run("echo a")
    assert run("history") == (0, "    1  echo a\n    2  history\n", "")


def test_exit_sets_status_and_flag(shell: Shell) -> None:
    io = Io()
    assert shell.run("exit 3; echo never", io) == 3
    assert shell.exited and io.chunks == []


def test_write_file_too_large_is_refused(run: Run) -> None:
    assert run("printf '%2000s' x > big.txt") == (
        1,
        "",
        "bash: big.txt: File too large (limit 1 KiB)\n",
    )


def test_write_too_many_files_is_refused(run: Run) -> None:
    assert run("touch a b c d")[0] == 0
    assert run("echo x > e") == (1, "", "bash: e: Too many files (limit 5)\n")


def test_output_is_cut_at_the_limit(run: Run) -> None:
    status, out, err = run("printf '%5000s' x")
    assert len(out) == 4096 and err == "\n[output cut: more than 4 KiB]\n"


def test_write_normalises_text_to_nfc(run: Run, files: dict[str, str]) -> None:
    run("printf 'cafe\\xcc\\x81' > n.txt")
    run("echo 'cafe\u0301' > n.txt")
    assert files["n.txt"] == "caf\u00e9\n"
