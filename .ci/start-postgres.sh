#!/bin/sh
# Start Debian's PostgreSQL cluster (installed by .ci/run), create a test user and database, and print
#   export HYOJUN_TEST_PG_URL=postgresql+psycopg2://…
# for `eval "$(.ci/start-postgres.sh)"`. Installs nothing. Safe to run as root and to run twice.
# Everything except the final export line goes to stderr.
set -eu

PG_USER="${HYOJUN_PG_USER:-hyojun}"
PG_PASSWORD="${HYOJUN_PG_PASSWORD:-hyojun}"
PG_DB="${HYOJUN_PG_DB:-hyojun_test}"
PG_PORT="${HYOJUN_PG_PORT:-5432}"

version="${HYOJUN_PG_VERSION:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)}"
if [ -z "$version" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
fi

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && su postgres -s /bin/sh -c "$*")  # postgres cannot enter a root-only work dir
    else
        sh -c "$*"
    fi
}

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    pg_createcluster "$version" main --port "$PG_PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster "$version" main start >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"

# Wait until the server accepts connections (start returns before it is ready on slow machines).
i=0
until as_postgres "pg_isready -q -p $port"; do
    i=$((i + 1))
    if [ "$i" -ge 30 ]; then
        echo "PostgreSQL $version did not start" >&2
        exit 1
    fi
    sleep 1
done

as_postgres "psql -q -p $port -v ON_ERROR_STOP=1 -d postgres" >&2 <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE "$PG_USER" LOGIN PASSWORD '$PG_PASSWORD';
  END IF;
END\$\$;
SQL
if ! as_postgres "psql -tA -p $port -d postgres -c \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"" | grep -q 1; then
    as_postgres "createdb -p $port -O $PG_USER $PG_DB" >&2
fi

echo "export HYOJUN_TEST_PG_URL=postgresql+psycopg2://$PG_USER:$PG_PASSWORD@localhost:$port/$PG_DB"
