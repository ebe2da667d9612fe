"""busybox wget's messages (networking/wget.c): "Connecting to" echoes the URL's host part as
typed with the address it dials, the saved file is named after the URL's last path part, and a
refused connection names the dialled address (a Service's ClusterIP, not its name)."""

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
