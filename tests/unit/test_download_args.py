"""Each download tool's command line read with its own option table: the options that take a
value (curl 7.88's, GNU wget 1.21's, BusyBox 1.36 wget's manuals) keep their value from being
taken for the URL, wherever the URL comes."""

from __future__ import annotations

from playground.sim import download_args


def test_curl_values_after_the_url_are_not_urls() -> None:
    args = download_args.curl(["curl", "localhost:8080", "--connect-timeout", "2"])
    assert args.urls == ["localhost:8080"]
    assert args.value("connect-timeout") == "2"


def test_curl_bundled_letters_take_the_rest_or_the_next_word() -> None:
    args = download_args.curl(["curl", "-sSLo", "a.yaml", "https://k8s.io/x", "-w%{http_code}"])
    assert args.urls == ["https://k8s.io/x"]
    assert (args.has("s"), args.has("S"), args.has("L")) == (True, True, True)
    assert args.value("o") == "a.yaml" and args.value("w") == "%{http_code}"


def test_curl_long_names_prefixes_url_option_and_double_dash() -> None:
    # an unambiguous prefix is the option (curl's rule, as getopt_long's)
    args = download_args.curl(["curl", "--max-t", "5", "--url", "http://a", "--", "-b"])
    assert args.value("m") == "5"
    assert args.urls == ["http://a", "-b"]
    # curl has no --name=value: the word is one unknown option, not a URL
    assert download_args.curl(["curl", "--output=x", "u"]).urls == ["u"]


def test_gnu_wget_execute_and_n_options_take_values() -> None:
    args = download_args.gnu_wget(["wget", "URL", "-e", "robots=off", "-nv", "-O", "out"])
    assert args.urls == ["URL"]
    assert (args.value("e"), args.value("n"), args.value("O")) == ("robots=off", "v", "out")
    assert download_args.gnu_wget(["wget", "--output-doc=f", "u"]).value("O") == "f"
    assert download_args.gnu_wget(["wget", "--output-document=f", "-qO-", "u"]).value("O") == "-"


def test_busybox_wget_differs_from_gnu_where_their_options_do() -> None:
    # BusyBox's wget has no -e: "robots=off" is a second URL there, a value to GNU wget
    assert download_args.busybox_wget(["wget", "-e", "robots=off", "u"]).urls == \
        ["robots=off", "u"]
    args = download_args.busybox_wget(["wget", "-qO", "/work-dir/index.html", "http://x"])
    assert args.urls == ["http://x"] and args.value("O") == "/work-dir/index.html"
    assert args.has("q")


def test_an_option_without_its_value_is_noted_as_typed_and_as_getopt_names_it() -> None:
    assert download_args.curl(["curl", "http://x", "-sSo"]).missing == ("-sSo", "o")
    assert download_args.curl(["curl", "u", "--max-t"]).missing == ("--max-t", "max-time")
    assert download_args.gnu_wget(["wget", "u", "--output-doc"]).missing == \
        ("--output-doc", "output-document")
    assert download_args.gnu_wget(["wget", "-O", "f", "u"]).missing is None
