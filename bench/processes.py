"""What the sending benchmarks share: a local SMTP sink and forked sending workers."""

import subprocess
import sys
import time

from tests.servers import free_port, service_available


def smtp_sink():
    """Start an SMTP server that accepts and drops every message (aiosmtpd's Sink);
    return (its process, its port)."""
    port = free_port()
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Sink"],
    )  # fmt: skip
    while not service_available("127.0.0.1", port):
        time.sleep(0.1)
    return sink, port


def forked(target, shares):
    """Run `target(*share, results)` in a forked process per share, at once; return the
    sum of what each put on `results` (how many it sent)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=target, args=(*share, results)) for share in shares]
    for process in processes:
        process.start()
    total = sum(results.get() for _ in processes)
    for process in processes:
        process.join()
    return total
