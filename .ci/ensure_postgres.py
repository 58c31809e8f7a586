"""Check that PostgreSQL answers at the given URL and create its database if missing."""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql


def main(url):
    parts = urlsplit(url)
    database = parts.path.lstrip("/") or "portal"
    server_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg2.connect(server_url, connect_timeout=5)
    except psycopg2.OperationalError as error:
        print(f"cannot connect: {error}".strip(), file=sys.stderr)
        return 1
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print(cursor.fetchone()[0])
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            print(f"created database {database}")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
