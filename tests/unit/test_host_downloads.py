"""The terminal's GNU wget 1.21 and curl on the outside web: the files they write, and their
messages for a name that does not resolve (wget's ``unable to resolve host address``, exit 4;
curl's ``(6) Could not resolve host``) and for an HTTP error (wget's ``ERROR 404``, exit 8)."""

from __future__ import annotations

from playground.sim import host_downloads, outside_web
from tests.unit.kubectl._sandbox import Session

_GAME = "https://kubernetes.io/examples/configmap/game.properties"


def test_wget_o_writes_the_bundled_file_and_reports_it_saved() -> None:
    s = Session()
    s.run("mkdir -p cm")
    result = s.run(f"wget {_GAME} -O cm/game.properties")
    body = outside_web.example("configmap/game.properties") or ""
    size = len(body.encode())
    assert result.exit_code == 0
    assert "Resolving kubernetes.io (kubernetes.io)... " in result.text
    assert "HTTP request sent, awaiting response... 200 OK\n" in result.text
    assert f"Length: {size} [application/octet-stream]\nSaving to: ‘cm/game.properties’" \
        in result.text
    assert f"- ‘cm/game.properties’ saved [{size}/{size}]\n" in result.text
    assert s.run("cat cm/game.properties").text == body


def test_wget_follows_k8s_io_and_names_the_file_after_the_url() -> None:
    s = Session()
    text = s.run("wget https://k8s.io/examples/pods/private-reg-pod.yaml").text
    assert ("HTTP request sent, awaiting response... 301 Moved Permanently\nLocation: "
            "https://kubernetes.io/examples/pods/private-reg-pod.yaml [following]\n") in text
    assert s.run("cat private-reg-pod.yaml").text == outside_web.example(
        "pods/private-reg-pod.yaml")


def test_wget_unknown_host_and_missing_page() -> None:
    s = Session()
    missing = s.run("wget https://example.invalid/x")
    assert missing.exit_code == 4
    assert missing.text.endswith(
        "Resolving example.invalid (example.invalid)... failed: Name or service not known.\n"
        "wget: unable to resolve host address ‘example.invalid’\n")
    gone = s.run("wget https://kubernetes.io/examples/nope.yaml -O nope.yaml")
    assert gone.exit_code == 8
    assert "awaiting response... 404 Not Found\n" in gone.text
    assert gone.text.endswith(" ERROR 404: Not Found.\n\n")
    assert s.run("cat nope.yaml").text == ""


def test_curl_lo_and_o_write_the_file() -> None:
    s = Session()
    body = outside_web.example("pods/simple-pod.yaml")
    result = s.run("curl -LO https://k8s.io/examples/pods/simple-pod.yaml")
    assert result.exit_code == 0
    assert result.text.startswith("  % Total    % Received % Xferd  Average Speed")
    assert s.run("cat simple-pod.yaml").text == body
    assert s.run("curl -s -o p.yaml https://kubernetes.io/examples/pods/simple-pod.yaml").text \
        == ""
    assert s.run("cat p.yaml").text == body


def test_curl_unknown_host() -> None:
    result = Session().run("curl https://nowhere.invalid/")
    assert result.exit_code == 6
    assert result.text == "curl: (6) Could not resolve host: nowhere.invalid\n"


def test_an_output_file_name_is_not_taken_for_a_host() -> None:
    assert host_downloads.url_arg(["curl", "-o", "out.txt", "localhost:8080"]) == \
        "localhost:8080"
    assert host_downloads.url_arg(["curl", "-sSLo", "a.yaml", "https://k8s.io/x"]) == \
        "https://k8s.io/x"
    assert host_downloads.url_arg(["wget", "-O", "index.html", "localhost"]) == "localhost"
    assert not host_downloads.is_outside("localhost:8080")
    assert host_downloads.is_outside("https://kubernetes.io/examples/x")
    # an option's value after the URL is still the option's (was taken for the URL)
    assert host_downloads.url_arg(["curl", "localhost:8080", "--connect-timeout", "2"]) == \
        "localhost:8080"
    assert host_downloads.url_arg(["wget", _GAME, "-e", "robots=off"]) == _GAME


def test_a_value_after_the_url_leaves_the_url_in_place() -> None:
    s = Session()
    refused = s.run("curl localhost:8080 --connect-timeout 2")
    assert refused.text == ("curl: (7) Failed to connect to localhost port 8080 after 0 ms: "
                            "Couldn't connect to server\n")
    fetched = s.run(f"wget -qO- {_GAME} -e robots=off")
    assert fetched.exit_code == 0
    assert fetched.text == outside_web.example("configmap/game.properties")


def test_wget_refuses_a_bad_url_in_gnu_wgets_words() -> None:
    # texts and exit 1 from GNU wget 1.21.3 (url_parse fails before any lookup)
    s = Session()
    port = s.run("wget https://k8s.io:99999/examples/pods/simple-pod.yaml")
    assert port.exit_code == 1
    assert port.text == ("https://k8s.io:99999/examples/pods/simple-pod.yaml: Bad port "
                         "number.\n")
    assert s.run("wget 'https://[::1'").text == \
        "https://[::1: Unterminated IPv6 numeric address.\n"
    assert s.run("wget https://").text == "https://: Invalid host name.\n"


def test_plain_wget_is_gnu_wgets_missing_url() -> None:
    result = Session().run("wget")
    assert result.exit_code == 1
    assert result.text == ("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                           "Try `wget --help' for more options.\n")


def test_curl_refuses_a_bad_url_in_curls_words() -> None:
    s = Session()
    port = s.run("curl https://k8s.io:99999/examples/pods/simple-pod.yaml")
    assert port.exit_code == 3
    assert port.text == "curl: (3) URL using bad/illegal format or missing URL\n"
    assert s.run("curl -s https://k8s.io:abc/").text == ""  # -s hides it, -S shows it
    assert s.run("curl -sS 'https://[::1'").text == (
        "curl: (3) bad range specification in URL position 10:\nhttps://[::1\n         ^\n")


def test_workstation_wget_to_localhost_reads_gnu_options() -> None:
    # GNU's -e takes a value: robots=off is not taken for the URL (BusyBox has no -e)
    result = Session().run("wget -e robots=off -qO- localhost:8080")
    # (the refusal's wording is the localhost client's, not checked here: only which URL)
    assert "robots" not in result.text
    assert "(127.0.0.1)" in result.text


def test_an_option_missing_its_value_is_the_tools_own_complaint() -> None:
    # texts and exit codes from GNU wget 1.21.3 and curl 7.88.1
    s = Session()
    usage = ("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
             "Try `wget --help' for more options.\n")
    short = s.run("wget http://x -qO")
    assert short.exit_code == 1
    assert short.text == "wget: option requires an argument -- 'O'\n" + usage
    assert s.run("wget http://x --output-doc").text == \
        "wget: option '--output-document' requires an argument\n" + usage
    curl = s.run("curl localhost:8080 -sSo")
    assert curl.exit_code == 2
    assert curl.text == ("curl: option -sSo: requires parameter\n"
                         "curl: try 'curl --help' or 'curl --manual' for more information\n")
