"""Hypothesis strategies over what learners type into a shell: the workstation's bash (the
terminal's host shell) and the shells inside containers (``kubectl exec``).

A line is built the way the shell's grammar builds it: words (plain, quoted, escaped, with
expansions and globs) make simple commands, commands with redirections and here-documents make
pipelines, pipelines joined by ``&&``/``||``/``;``/``&`` make lists, and lists nest in
``for``/``while``/``if``/``{ }``/``( )`` and ``$(…)``. Command names come from the shells' own
tables (the host shell's tools and programs, the container's programs), with the arguments
those commands take, so most lines run something rather than stopping at "not found". Now and
then a control character, a lone surrogate or binary junk is spliced in, as a paste or a stray
key would.
"""

from __future__ import annotations

from hypothesis import strategies as st

from playground.sim.shell.runner import TOOLS
from tests.unit.fuzz.strategies import kubectl_lines

# The host shell's programs besides its tools (host_shell.HostLine wires them to the sandbox).
HOST_PROGRAMS = ["kubectl", "sleep", "date", "curl", "wget", "watch", "skip", "why", "timeline"]
HOST_NAMES = sorted({*TOOLS, *HOST_PROGRAMS})

FILES = ["f.yaml", "pod.yaml", "out.txt", "x", "dir", "dir/a", "*.yaml", "/etc/hosts", "/tmp",
         "/tmp/x", "~", "~/f.yaml", ".", "..", "/", "/dev/null", "/proc/1/status", "-", "",
         "a b", "no/such/file", ".hidden", "f.yaml/x"]
FLAGS = ["-n", "-n2", "-n 1", "-n -1", "-n +2", "-c", "-c3", "-l", "-w", "-w0", "-v", "-i", "-E",
         "-e", "-r", "-k2", "-k2,2n", "-t:", "-s", "-u", "-d", "-d:", "-f1", "-f2-", "-a", "-la",
         "-1", "-h", "--help", "--", "-o", "-q", "-x", "-F:", "-z", "-R", "-p", "--decode",
         "-5", "+3", "-rn", "-c1-3", "-A1", "-B1", "-C1", "-o name", "--version", "-"]
NUMBERS = ["0", "1", "2", "0.5", "-1", "1e3", "inf", "nan", "1e308", "99999999999999999999",
           "0x10", "1s", "2m", "1h", "1d", "", "abc", "3 4"]
PATTERNS = ["a", "a.*", "[", "\\(", "^$", "x{2,}", "*", "+", "(", "a|b", "[[:alpha:]]", "\\",
            "web", "Running", "s/a/b/g", "s/[/x/", "1d", "$p", "/x/p", "y/abc/xyz/",
            "s/\\(a\\)/\\1/", "{print $1}", "{print NF}", "BEGIN{x=1/0; print x}",
            "{print $NF}", "NR==1", "{s+=$1} END{print s}", "a-z", "A-Z", "[:upper:]",
            "[:lower:]", "\\n", "%s %d\\n", "%5.2f", "%q", "%b", "%x", "%-3s|", "%%", "%c",
            "%e", "%*d", "%", "%z", "\\x41", "\\0101", "\\c", "\\u00e9"]
PLAIN = ["hello", "web", "a b", "nginx", "FOO=bar", "1", "x y z", "é", "-", "=", "{a,b}",
         "[ab]*", "?", "*", "**", "\\*", "{1..3}", "a=b=c", "!", "#comment", "@"]
EXPANSIONS = ["$HOME", "$X", "${X}", "${X:-def}", "${X:=v}", "${X:?unset}", "${X:+alt}",
              "${X#*.}", "${X%.*}", "${X##*/}", "${X%%/*}", "${#X}", "${X/a/b}", "${X//a/b}",
              "${X^^}", "${X,,}", "${X:1:2}", "${X:-$(echo d)}", "${!X}", "${}", "${X", "$",
              "$?", "$$", "$#", "$0", "$1", "$@", "$*", "$!", "$-", "$((1+2))", "$((1/0))",
              "$((X*2))", "$((2**64))", "$(( ))", "$((1+))", "$(echo hi)", "$(date)", "`date`",
              "`echo a`", "$(", "`", "$(exit 3)", "$(cat f.yaml)", "$(kubectl get pods -o name)",
              "$'a\\tb'", "$'\\x41'", "$\"x\"", "~", "~root", "~nosuch", "${PATH}"]
JUNK = ["\x00", "\x03", "\x04", "\x07", "\x08", "\x1b", "\x1b[A", "\x1b[200~", "\x7f", "\r",
        "\t", "\v", "\f", "\ud800", "\udfff", "\ufeff", "\u2028", "\x85", "\xa0", "\U0001f600",
        "\\", "'", '"', "`", "$(", "((", "))", "<<", "|", "&", ";", ";;", "{", "}", "!"]
MANIFEST = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{app: web}}\n"
            "spec:\n  containers:\n  - name: c\n    image: {image}\n")
KUBECTL = ["kubectl get pods", "kubectl get pods -o name", "kubectl get pods -o wide",
           "kubectl get pod web -o jsonpath='{.status.phase}'", "kubectl describe pod web",
           "kubectl run web --image nginx", "kubectl delete pod web --now", "kubectl logs web",
           "kubectl apply -f f.yaml", "kubectl get pods -w", "kubectl get -f f.yaml",
           "kubectl exec web -- ls", "kubectl get pod web -o yaml", "kubectl version --client",
           "kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml",
           "kubectl apply -f 'https://[::1'", "kubectl create -f https://k8s.io:abc/x",
           "kubectl delete -f https://", "kubectl replace -f https://k8s.io:99999/x",
           "kubectl edit -f 'http://a b/'", "kubectl apply -f https://k8s.io/%zz",
           "kubectl get --raw /api/v1/%zz", "kubectl get --raw /api/v1/pods/web",
           "kubectl get --raw api/v1", "kubectl get --raw '//[x'"]
# URLs for curl and wget, good and malformed (each tool's own refusals), and their options,
# those that take a value among them (the value after the URL is not the URL)
URLS = ["https://k8s.io/examples/pods/simple-pod.yaml", "https://kubernetes.io/examples/",
        "http://info.cern.ch", "localhost:8080", "https://k8s.io:99999/x", "https://[::1",
        "http://[::1]:80/", "https://k8s.io:abc/x", "https://", "http://:80/", "http://a b/",
        "http://a]b/", "http://[zz]/", "http://x/[a", "http://x/[1-3]", "foo://x", "k8s.io:",
        "http://%zz/", "nowhere.invalid", "http://user@k8s.io/", "https://k8s.io/%zz"]
DOWNLOAD_ARGS = ["-o", "-O", "-O-", "-qO-", "-q", "-s", "-sS", "-sSLo", "-L", "-f", "-i", "-I",
                 "-g", "-w", "%{http_code}", "%{size_download}\\n", "%{url_effective} %{x}",
                 "-w%{http_code}", "--connect-timeout", "2", "-e", "robots=off", "-nv",
                 "--output-document=x", "--output-doc", "--url", "--max-t", "--", "-m", "-T",
                 "/dev/null", "out.txt", "-"]


def _quoted(word: str, style: int) -> str:
    """``word`` as a learner might quote it: as is, in '…', in "…", or with \\ escapes."""
    if style == 1:
        return "'" + word.replace("'", "'\\''") + "'"
    if style == 2:
        return '"' + word.replace('"', '\\"') + '"'
    if style == 3:
        return "".join("\\" + ch if ch in " '\"\\$`*?[]{}|&;<>()#~" else ch for ch in word)
    return word


@st.composite
def words(draw: st.DrawFn, pool: list[str] | None = None) -> str:
    """One shell word: from the pools, quoted or not, now and then two glued together."""
    source = st.sampled_from(pool) if pool else st.one_of(
        st.sampled_from(PLAIN), st.sampled_from(FILES), st.sampled_from(EXPANSIONS),
        st.sampled_from(PATTERNS), st.sampled_from(NUMBERS), st.sampled_from(FLAGS),
        st.text(max_size=5))
    word = _quoted(draw(source), draw(st.sampled_from([0, 0, 0, 1, 2, 3])))
    if draw(st.integers(0, 5)) == 0:
        word += draw(st.sampled_from(EXPANSIONS + PLAIN))
    return word


def _redirect() -> st.SearchStrategy[str]:
    target = st.sampled_from(["f.yaml", "out.txt", "/dev/null", "/tmp/x", "dir", "/", "''",
                              "$X", "*.yaml", "/proc/1/status", "no/such/x", "&1", "&2",
                              "&3", "&-"])
    op = st.sampled_from([">", ">>", "<", "2>", "2>>", "&>", "&>>", ">|", "<>", "1>", "0<"])
    return st.one_of(st.tuples(op, target).map(" ".join),
                     st.sampled_from(["2>&1", ">&2", "1>&2", "2>/dev/null", "<<< hi",
                                      "<<<$X", "<&0", "2>&3", "<< ''"]))


@st.composite
def heredocs(draw: st.DrawFn) -> str:
    """``cat <<EOF > f.yaml`` with a manifest or a few lines; the delimiter quoted or not, the
    body now and then left without its end line."""
    delimiter = draw(st.sampled_from(["EOF", "'EOF'", '"EOF"', "-EOF", "E\\OF"]))
    name = draw(st.sampled_from(["web", "web2", "Bad_Name", "$X"]))
    image = draw(st.sampled_from(["nginx", "busybox", "no/such:image", "${IMAGE:-nginx}"]))
    body = draw(st.sampled_from([
        MANIFEST.format(name=name, image=image), "hello $HOME\n`date`\n", "\tindented\n",
        "$(echo sub)\n", "", "a\nb\nc\n"]))
    command = draw(st.sampled_from(["cat", "cat >", "cat >>", "kubectl apply -f -", "grep a",
                                    "wc -l", "base64", "sort", "tr a-z A-Z", "head -n1"]))
    target = " f.yaml" if command.endswith(">") else ""
    end = delimiter.strip("'\"").removeprefix("-").replace("\\", "")
    close = "" if draw(st.integers(0, 9)) == 0 else end
    op = "<<-" if delimiter.startswith("-") else "<<"
    return f"{command}{target} {op}{delimiter.removeprefix('-')}\n{body}{close}"


@st.composite
def simple_commands(draw: st.DrawFn, names: list[str]) -> str:
    """A command from ``names`` with arguments, assignments and redirections."""
    name = draw(st.sampled_from(names))
    if name == "kubectl":
        line = draw(st.one_of(st.sampled_from(KUBECTL), kubectl_lines()))
    elif name in ("curl", "wget") and draw(st.booleans()):
        line = " ".join([name, *draw(st.lists(words(URLS + DOWNLOAD_ARGS), max_size=5))])
    else:
        line = " ".join([name, *draw(st.lists(words(), max_size=4))])
    if draw(st.integers(0, 5)) == 0:
        line = draw(st.sampled_from(["X=1 ", "X='a b' ", "X=$(date) ", "1X=2 ", "PATH= ",
                                     "export X=web; ", "export IMAGE=busybox; ",
                                     "alias k=kubectl; k", "alias ll='ls -l'; ll; ",
                                     "unset X; ", "cd /tmp && ", "cd - ; "])) + line
    for _ in range(draw(st.integers(0, 2))):
        line += " " + draw(_redirect())
    return line


def _lists(command: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Pipelines of ``command`` joined by ``&&``, ``||``, ``;``, ``&`` or a newline."""

    @st.composite
    def draw(data: st.DrawFn) -> str:
        parts: list[str] = []
        for i in range(data(st.sampled_from([1, 1, 2, 3]))):
            stages = [data(command) for _ in range(data(st.sampled_from([1, 1, 2, 3])))]
            parts.append(data(st.sampled_from(["", "", "", "! "])) + " | ".join(stages))
            if i:
                parts[-2] += data(st.sampled_from([" &&", " ||", ";", " &", "\n", " |&"]))
        return " ".join(parts)

    return draw()


def _compounds(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``for``/``while``/``if``/``{ }``/``( )``/``$(…)``/``watch`` around ``inner``."""
    loop_list = st.sampled_from(["a b c", "1 2 3", "$(seq 3)", "*", "$X", "", "{1..3}"])
    condition = st.sampled_from(["true", "false", "[ -f f.yaml ]", "[ $X = web ]",
                                 "test 1 -eq x", "[ ! ]", "[ -z ]", "[ ( ]", "[ -n \"$X\" ]",
                                 "i=0; [ $i -lt 3 ]", "kubectl get pod web"])
    seconds = st.sampled_from(NUMBERS[:6])
    return st.one_of(
        st.tuples(loop_list, inner).map(lambda t: f"for i in {t[0]}; do {t[1]}; done"),
        st.tuples(inner, seconds).map(lambda t: f"while true; do {t[0]}; sleep {t[1]}; done"),
        st.tuples(condition, inner).map(lambda t: f"while {t[0]}; do {t[1]}; done"),
        st.tuples(condition, inner).map(lambda t: f"until {t[0]}; do {t[1]}; sleep 1; done"),
        st.tuples(condition, inner).map(lambda t: f"if {t[0]}; then {t[1]}; else echo no; fi"),
        inner.map(lambda t: f"{{ {t}; }}"),
        inner.map(lambda t: f"( {t} )"),
        inner.map(lambda t: f"echo $({t})"),
        inner.map(lambda t: f"echo `{t}`"),
        st.tuples(seconds, inner).map(lambda t: f"watch -n {t[0]} '{t[1]}'"),
        heredocs(),
    )


def command_lists(names: list[str]) -> st.SearchStrategy[str]:
    """Lists of commands from ``names``, with compounds nesting one level."""
    simple = simple_commands(names)
    compound = _compounds(_lists(simple))
    return _lists(st.one_of(simple, simple, simple, compound))


HOST_LISTS = command_lists(HOST_NAMES)


@st.composite
def host_lines(draw: st.DrawFn) -> str:
    """A line typed at the workstation's prompt."""
    line = draw(HOST_LISTS)
    return draw(_with_junk(line))


@st.composite
def _with_junk(draw: st.DrawFn, line: str) -> str:
    """Now and then a control character, lone surrogate or random text spliced in."""
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(line)))
        piece = draw(st.one_of(st.sampled_from(JUNK), st.text(max_size=4),
                               st.binary(max_size=4).map(lambda b: b.decode("latin-1"))))
        line = line[:at] + piece + line[at:]
    return line


# -- container shells ------------------------------------------------------------------------
CONTAINER_NAMES = ["ls", "cat", "ps", "id", "env", "printenv", "echo", "kill", "wget", "curl",
                   "nslookup", "apt-get", "apk", "cd", "mkdir", "touch", "rm", "hostname",
                   "whoami", "ping", "sleep", "head", "tail", "grep", "wc", "sort", "date",
                   "uname", "which", "test", "exit", "sh", "bash", "nginx", "df", "mount",
                   "top", "netstat", "ss", "cp", "mv", "ln", "chmod", "find", "printf", "tr",
                   "sed", "awk", "cut", "base64", "true", "false", "type", "export", "unset",
                   "/agnhost", "/bin/sh", "/usr/bin/env", "apt", "yum", "vi", "nosuch"]
CONTAINER_ARGS = ["/", "/proc", "/proc/1/status", "/proc/1/cmdline", "/proc/self/status",
                  "/proc/1/environ", "/proc/mounts", "/proc/net/tcp", "/proc/cpuinfo",
                  "/proc/meminfo", "/proc/uptime", "/proc/1/fd", "/etc/resolv.conf",
                  "/etc/hosts", "/etc/os-release", "/etc/passwd", "/etc/hostname",
                  "/var/run/secrets/kubernetes.io/serviceaccount/token",
                  "/var/run/secrets/kubernetes.io/serviceaccount/namespace", "/data",
                  "/data/x", "/usr/share/nginx/html", "/usr/share/nginx/html/index.html",
                  "/tmp", "/tmp/x", "/root", "~", "..", "-la", "-l", "-a", "aux", "-ef", "-o",
                  "pid,comm", "1", "-9", "-HUP", "-0", "-s", "TERM", "-TERM", "-l", "%1",
                  "-u", "-n", "-g", "-G", "HOSTNAME", "PATH", "KUBERNETES_SERVICE_HOST",
                  "update", "install", "-y", "curl", "add", "--no-cache", "search", "-q",
                  "-O-", "-qO-", "-T", "2", "http://localhost", "http://localhost:80/",
                  "localhost:8080", "http://web", "http://web.default.svc.cluster.local",
                  "http://10.96.0.1:443", "https://kubernetes.default", "-s", "-sS", "-m1",
                  "--connect-timeout", "kubernetes.default", "web", "nosuch.invalid",
                  "google.com", "-c1", "-W1", "-c", "echo hi", "exit 3", "ps", "reload",
                  "-s", "stop", "quit", "-t", "netexec", "--http-port=8080", "serve-hostname",
                  "pause", "liveness", "hello", "$HOSTNAME", "$(hostname)", "*", "/dev/null",
                  "-p", "a/b/c", "-rf", "-r", "-f", *URLS, *DOWNLOAD_ARGS]


@st.composite
def container_lines(draw: st.DrawFn) -> str:
    """A line for a shell in a container: its programs, files, /proc, the pod network."""
    line = draw(command_lists_of(CONTAINER_NAMES, CONTAINER_ARGS))
    return draw(_with_junk(line))


@st.composite
def command_lists_of(draw: st.DrawFn, names: list[str], args: list[str]) -> str:
    parts: list[str] = []
    for i in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(names))
        argv = draw(st.lists(st.one_of(words(args), words(args), words()), max_size=3))
        command = " ".join([name, *argv])
        if draw(st.integers(0, 3)) == 0:
            command += " " + draw(st.sampled_from(
                ["> /data/x", ">> /data/x", "> /usr/share/nginx/html/index.html", "> /tmp/x",
                 "2>&1", "2>/dev/null", "< /etc/hosts", "> /proc/1/status", "> /",
                 "> /etc/hosts", "| head -n 2", "| grep a", "| wc -l", "&"]))
        if i:
            parts[-1] += draw(st.sampled_from([" &&", " ||", ";", " |"]))
        parts.append(command)
    return " ".join(parts)
