vcl 4.1;
# Varnish between nginx (portal/nginx.conf, which keeps buffering slow clients) and
# gunicorn: the documented production edge cache (docs/operators.md, "The edge cache").
#
# What it stores is what the portal marks cacheable, nothing else: an anonymous GET or
# HEAD answered `Cache-Control: public, max-age=N` without a cookie. The portal names
# the objects each response shows in its `xkey` header (portal/cache/surrogate.py); a
# change purges exactly the responses carrying a key (a PURGE with an `xkey-purge`
# header, sent by the task queue), and the header never reaches readers.
#
# Run:  varnishd -a 127.0.0.1:6081 -f /srv/portal/app/portal/varnish.vcl -s malloc,1G
# (nginx's upstream then points at 6081; gunicorn stays on GUNICORN_BIND, 8000 here).
# tests/portal/test_edge.py runs this file in front of gunicorn.

import std;
import xkey;

backend portal {
    .host = "127.0.0.1";
    .port = "8000";
    .first_byte_timeout = 60s;
}

# Who may purge: the app servers (their task-queue workers). Add your workers' network.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys in xkey-purge"));
        }
        # Soft: purged entries are refetched at the next request, and while one request
        # re-renders a page, the others get the previous copy (grace, below).
        set req.http.n-gone = xkey.softpurge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff (a session) and everything that is theirs or a reader's own is never stored.
    if (req.url ~ "^/(admin|api|preview)/" || req.url ~ "^/zh/preview/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # A reader's other cookies (the CSRF token) never change a page the portal marks
    # public; they still reach it, so a form page keeps the reader's token (and is never
    # stored: it is marked private).
    # Campaign parameters never change a page (the portal strips them the same way);
    # its other parameters are left to the portal, which answers unknown ones from the
    # plain URL's page (portal/cache/pages.py).
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|gclid|fbclid|mc_cid|mc_eid)=[^&]*", "\1");
    set req.url = regsuball(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&+", "?");
    set req.url = regsuball(req.url, "&&+", "&");
    return (hash);
}

sub vcl_backend_response {
    # Only what the portal marks public, without a cookie, is kept; the rest passes.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The TTL is the portal's max-age (never past the next scheduled publication); grace
    # serves the previous copy for a few seconds while one request re-renders it.
    set beresp.grace = 10s;
    set beresp.keep = 0s;
    return (deliver);
}

sub vcl_deliver {
    # The keys are the edge's business; readers' caches get the portal's max-age only
    # for what is public, and never the keys.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Edge = "HIT";
    } else {
        set resp.http.X-Edge = "MISS";
    }
}
