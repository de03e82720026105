"""The security headers for Netlify-style hosts, nginx and Apache are one policy written three ways."""
from __future__ import annotations

import re

from mitp import security

_NETLIFY = re.compile(r"^  (?P<name>[A-Za-z-]+): (?P<value>.+)$")
_NGINX = re.compile(r'^add_header (?P<name>[A-Za-z-]+) "(?P<value>[^"]+)" always;$')
_APACHE = re.compile(r'^  Header always set (?P<name>[A-Za-z-]+) "(?P<value>[^"]+)"$')
# The content-type lines (security.CONTENT_TYPES), checked by their own test below.
_TYPES = re.compile(r'^(location ~\* \\\.[a-z]+\$ \{ types \{ \} default_type "[a-z/]+; charset=utf-8"; \}'
                    r'|<IfModule mod_mime\.c>|  AddType [a-z/]+ \.[a-z]+|  AddCharset utf-8( \.[a-z]+)+)$')


def _parse(text: str, pattern: re.Pattern) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or line in ("/*", "<IfModule mod_headers.c>", "</IfModule>") \
                or _TYPES.match(line):
            continue
        match = pattern.match(line)
        assert match, f"unexpected line: {line!r}"
        found[match.group("name")] = match.group("value")
    return found


def _all_three(site) -> tuple[dict, dict, dict]:
    return (_parse((site / "_headers").read_text("utf-8"), _NETLIFY),
            _parse((site / "_nginx.conf").read_text("utf-8"), _NGINX),
            _parse((site / ".htaccess").read_text("utf-8"), _APACHE))


def test_built_site_carries_the_same_headers_for_every_server(site):
    netlify, nginx, apache = _all_three(site)
    assert netlify == nginx == apache
    csp = netlify["Content-Security-Policy"]
    assert csp.startswith("default-src 'self'") and csp.endswith("frame-ancestors 'none'")
    assert "'sha256-" in csp      # the inline scripts of the built pages are allowed by hash
    assert netlify["Referrer-Policy"] == "no-referrer"
    assert netlify["X-Content-Type-Options"] == "nosniff"


def test_every_page_meta_policy_hash_is_in_the_server_policy(site):
    _, nginx, apache = _all_three(site)
    for html_file in site.rglob("*.html"):
        meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html_file.read_text("utf-8"))
        assert meta, html_file
        for digest in re.findall(r"'sha256-[^']+'", meta.group(1)):
            assert digest in nginx["Content-Security-Policy"], (html_file, digest)
            assert digest in apache["Content-Security-Policy"], (html_file, digest)


def test_same_function_feeds_the_three_files():
    hashes = ["'sha256-AAAA'", "'sha256-BBBB'"]
    expected = dict(security.header_set(hashes))
    assert _parse(security.headers_file(hashes), _NETLIFY) == expected
    assert _parse(security.nginx_conf(hashes), _NGINX) == expected
    assert _parse(security.apache_conf(hashes), _APACHE) == expected
    assert "'sha256-AAAA' 'sha256-BBBB'" in expected["Content-Security-Policy"]


def test_nginx_and_apache_serve_captions_and_calendars_with_their_types(site):
    """Debian's nginx 1.22 mime.types has neither .vtt nor .ics: a browser then ignores the
    podcast's captions and a phone does not offer to add an activity to its calendar. Checked by
    hand against nginx 1.22 (nginx -t, then curl -I: text/vtt and text/calendar, security headers
    kept); here, that the generated files carry the lines."""
    nginx = (site / "_nginx.conf").read_text("utf-8")
    assert 'location ~* \\.vtt$ { types { } default_type "text/vtt; charset=utf-8"; }' in nginx
    assert 'location ~* \\.ics$ { types { } default_type "text/calendar; charset=utf-8"; }' in nginx
    apache = (site / ".htaccess").read_text("utf-8")
    assert "AddType text/vtt .vtt" in apache and "AddType text/calendar .ics" in apache
    assert "AddCharset utf-8 .vtt .ics" in apache
