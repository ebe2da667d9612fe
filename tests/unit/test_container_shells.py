"""Container shells by image: the program started decides the flavour, its prompt and errors."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("container-shells", clock.now()), clock)
    for line in ("kubectl run web --image=nginx", "kubectl run box --image=busybox -- sleep 1d",
                 "kubectl run ag --image=registry.k8s.io/e2e-test-images/agnhost:2.40",
                 "kubectl run cache --image=memcached", "kubectl run db --image=mysql "
                 "--env=MYSQL_ROOT_PASSWORD=pw", "kubectl run hello "
                 "--image=gcr.io/google-samples/hello-app:2.0"):
        assert box.execute(line).exit_code == 0
    clock.advance(120)
    return box


@pytest.mark.parametrize(("pod", "program", "prompt"), [
    ("web", "sh", "# "),                   # dash: PS1 "# " for root
    ("web", "/bin/bash", "root@web:/# "),  # Debian's /etc/bash.bashrc PS1
    ("box", "sh", "/ # "),                 # BusyBox ash: "\w \$ "
    ("ag", "bash", "bash-5.1# "),          # Alpine has no bash.bashrc PS1: bash's default
    ("ag", "sh", "/ # "),
    ("cache", "sh", "$ "),                 # memcached's USER memcache: dash's "$ "
    ("db", "bash", "bash-5.1# "),          # Oracle Linux 9
])
def test_exec_it_prompt_is_the_programs(sandbox: Sandbox, pod: str, program: str,
                                        prompt: str) -> None:
    tab = f"{pod}-{program}"
    result = sandbox.execute(f"kubectl exec -it {pod} -- {program}", tab=tab)
    assert (result.exit_code, result.prompt) == (0, prompt)
    sandbox.execute("exit", tab=tab)


def test_dash_counts_the_lines_of_its_session(sandbox: Sandbox) -> None:
    sandbox.execute("kubectl exec -it web -- sh", tab="d")
    assert sandbox.execute("nosuch", tab="d").text == "sh: 1: nosuch: not found\n"
    assert sandbox.execute("true", tab="d").exit_code == 0
    assert sandbox.execute("nosuch", tab="d").text == "sh: 3: nosuch: not found\n"
    sandbox.execute("exit", tab="d")
    sandbox.execute("kubectl exec -it web -- sh", tab="d")  # a new shell counts from 1 again
    assert sandbox.execute("nosuch", tab="d").text == "sh: 1: nosuch: not found\n"
    sandbox.execute("exit", tab="d")


def test_ls_long_shows_owners_from_the_image(sandbox: Sandbox) -> None:
    sandbox.execute("kubectl exec -it cache -- sh", tab="o")
    whoami = sandbox.execute("whoami", tab="o").text
    home = sandbox.execute("ls -ld /home/memcache /etc", tab="o").text
    sandbox.execute("exit", tab="o")
    assert whoami == "memcache\n"
    assert [line.split()[2:4] for line in home.splitlines()] == [
        ["root", "root"], ["memcache", "memcache"]]


def test_distroless_image_has_no_shell_to_exec(sandbox: Sandbox) -> None:
    result = sandbox.execute("kubectl exec -it hello -- sh", tab="h")
    assert result.exit_code == 1
    assert 'exec: "sh": executable file not found in $PATH' in result.text


def test_root_may_change_and_remove_the_images_files(sandbox: Sandbox) -> None:
    page = "/usr/share/nginx/html/50x.html"
    assert sandbox.execute(f"kubectl exec web -- rm {page}").exit_code == 0
    assert sandbox.execute("kubectl exec web -- ls /usr/share/nginx/html").text == "index.html\n"
    assert sandbox.execute(f"kubectl exec web -- sh -c 'echo back > {page}'").exit_code == 0
    assert sandbox.execute(f"kubectl exec web -- cat {page}").text == "back\n"


def test_a_program_the_image_has_but_the_playground_does_not_run_says_so(
        sandbox: Sandbox) -> None:
    result = sandbox.execute("kubectl exec web -- sh -c 'md5sum /etc/hostname; nosuch'")
    assert result.text == ("md5sum: not available in this playground yet\n"
                           "sh: 1: nosuch: not found\ncommand terminated with exit code 127\n")


@pytest.mark.parametrize(("line", "error"), [
    # dash and BusyBox ash name themselves by their argv[0]; bash in a -c script names the line
    ("kubectl exec web -- /bin/sh -c nosuch", "/bin/sh: 1: nosuch: not found\n"),
    ("kubectl exec web -- bash -c nosuch", "bash: line 1: nosuch: command not found\n"),
    ("kubectl exec box -- /bin/sh -c nosuch", "/bin/sh: nosuch: not found\n"),
])
def test_scripts_name_their_shell_as_started(sandbox: Sandbox, line: str, error: str) -> None:
    result = sandbox.execute(line)
    assert result.text == error + "command terminated with exit code 127\n"


def test_nginx_serves_what_its_docroot_holds_now() -> None:
    # kubernetes.io "Get a Shell to a Running Container": echo into index.html, curl it back
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("docroot", clock.now()), clock)
    box.execute("kubectl run shell-demo --image=nginx")
    clock.advance(30)
    html = "/usr/share/nginx/html"
    box.execute(f"kubectl exec shell-demo -- sh -c \"echo 'Hello shell demo' > {html}/index.html\"")
    assert box.execute("kubectl exec shell-demo -- curl -s http://localhost/").text == (
        "Hello shell demo\n")
    box.execute(f"kubectl exec shell-demo -- sh -c 'echo more >> {html}/50x.html'")
    assert box.execute(f"kubectl exec shell-demo -- tail -1 {html}/50x.html").text == "more\n"
