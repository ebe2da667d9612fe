"""busybox wget's messages (networking/wget.c): "Connecting to" echoes the URL's host part as
typed with the address it dials, the saved file is named after the URL's last path part, and a
refused connection names the dialled address (a Service's ClusterIP, not its name); options are
read with BusyBox's table, and a container's curl refuses a malformed URL in curl's words."""

from __future__ import annotations

from playground.sim import http_tools
from playground.sim.shell import Io


def _page(host: str, port: int, path: str) -> tuple[int, str]:
    del host, port, path
    return 200, "hi\n"


def _refused(host: str, port: int, path: str) -> tuple[int, str]:
    raise http_tools.Refused()


def _run(argv: list[str], fetch: http_tools.Fetcher) -> tuple[int, str, str]:
    io = Io()
    code = http_tools.wget(argv, None, io, fetch, lambda host: "10.96.7.7" if host == "web"
                           else "")
    return code, io.stdout, io.stderr


def test_connecting_echoes_the_host_as_typed_and_the_dialled_address() -> None:
    _, out, err = _run(["wget", "-O-", "http://web"], _page)
    assert err == "Connecting to web (10.96.7.7:80)\n" and out == "hi\n"
    _, _, err = _run(["wget", "-O-", "http://web:8080/x"], _page)
    assert err == "Connecting to web:8080 (10.96.7.7:8080)\n"


def test_the_saved_file_is_named_after_the_path_or_the_o_option() -> None:
    _, _, err = _run(["wget", "http://web/docs/page.html"], _page)
    assert "saving to 'page.html'\npage.html  " in err and err.endswith("'page.html' saved\n")
    _, _, err = _run(["wget", "http://web/"], _page)
    assert "saving to 'index.html'" in err
    _, _, err = _run(["wget", "-O", "/tmp/out.html", "http://web"], _page)
    assert "saving to '/tmp/out.html'\nout.html  " in err


def test_a_refused_service_names_its_cluster_ip() -> None:
    code, _, err = _run(["wget", "-qO-", "http://web"], _refused)
    assert code == 1
    assert err == "wget: can't connect to remote host (10.96.7.7): Connection refused\n"


def test_busybox_wget_reads_its_own_options_wherever_the_url_is() -> None:
    # -T takes a value (BusyBox's table): "5" is not the URL
    _, out, err = _run(["wget", "-qO-", "http://web", "-T", "5"], _page)
    assert (out, err) == ("hi\n", "")


def test_curl_in_a_container_refuses_a_bad_url_as_curl_does() -> None:
    io = Io()
    assert http_tools.curl(["curl", "localhost:99999"], None, io, _page) == 3
    assert io.stderr == "curl: (3) URL using bad/illegal format or missing URL\n"
    io = Io()
    assert http_tools.curl(["curl", "-s", "localhost:abc"], None, io, _page) == 3
    assert io.stderr == ""  # -s without -S keeps curl quiet
    io = Io()
    assert http_tools.curl(["curl", "localhost:8080", "--connect-timeout", "2"], None, io,
                           _page) == 0
    assert io.stdout == "hi\n"


def test_curl_write_out_over_a_fetcher() -> None:
    io = Io()
    argv = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{url_effective}",
            "localhost:8080"]
    assert http_tools.curl(argv, None, io, _page) == 0
    assert io.stdout == "200 http://localhost:8080/"
    io = Io()
    assert http_tools.curl(["curl", "-w", "%{http_code}\\n", "localhost:8080"], None, io,
                           _refused) == 7
    assert io.stdout == "000\n"
    assert io.stderr.startswith("curl: (7) Failed to connect to localhost port 8080")
