"""`serve`: OpenLineage intake over HTTP (Marquez's `POST /api/v1/lineage`), a live
security dashboard, and a health endpoint.

The server holds no privilege of its own: every request runs as the database role its API
key maps to (one connection pool per role, each connection `SET ROLE` once), so an event
is ingested, and a dashboard number read, with exactly that role's rights. The login role
of --dsn must not be a superuser; it only needs membership in the key roles.

Starlette and uvicorn (ASGI, async) with psycopg's async pool: the extra `serve`.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import ipaddress
import json
import logging
import re
import signal
import sys
import time
import zlib
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql

from installer.cli.common import connect, positive_int
from installer.engine.errors import EXIT_OK, Refused, UsageError

DEFAULT_MAX_BODY = 1024 * 1024  # the pack's own openlineage_event_bytes limit
LOG = logging.getLogger("pg_governance.serve")
# lineage.ingest_openlineage names the failing JSON path first: "...: $.run.runId must be ..."
FIELD = re.compile(r"^lineage\.ingest_openlineage: (\$\S*)")


@dataclass(frozen=True)
class ApiKey:
    name: str  # what logs show; the key itself is never logged nor stored
    role: str


def add_serve_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sub.add_argument("--port", type=int, default=5000, help="port (default 5000, Marquez's)")
    sub.add_argument("--api-keys", metavar="FILE",
                     help="API keys, one per line: NAME ROLE sha256:HEX (the SHA-256 of the key, never the key); "
                          "a request with 'Authorization: Bearer KEY' runs as ROLE")
    sub.add_argument("--no-auth", metavar="ROLE",
                     help="without API keys, run every request as ROLE; refused unless --host is a loopback address")
    sub.add_argument("--max-body-bytes", type=positive_int, default=DEFAULT_MAX_BODY,
                     help=f"largest request body, after decompression (default {DEFAULT_MAX_BODY})")
    sub.add_argument("--pool-size", type=positive_int, default=4,
                     help="database connections per role (default 4)")
    sub.add_argument("--refresh-seconds", type=positive_int, default=5,
                     help="how often the dashboard fetches its numbers (default 5)")


def load_keys(path: str) -> dict[bytes, ApiKey]:
    keys: dict[bytes, ApiKey] = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 3 or not re.fullmatch(r"sha256:[0-9a-fA-F]{64}", words[2]):
                raise UsageError(f"{path}:{number}: expected 'NAME ROLE sha256:HEX' (the SHA-256 of the key, "
                                 "e.g. printf %s \"$KEY\" | sha256sum)")
            keys[bytes.fromhex(words[2][7:])] = ApiKey(words[0], words[1])
    if not keys:
        raise UsageError(f"{path} holds no API key")
    return keys


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_roles(conn: psycopg.Connection, roles: set[str]) -> None:
    """Refuses a superuser login and any key role the server could not, or must not, become."""
    login, superuser = conn.execute(
        "SELECT r.rolname, r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = SESSION_USER").fetchone()
    problems = []
    if superuser:
        problems.append(f"the login role {login} is a superuser: connect as a login role without privileges "
                        "of its own, made a member of the key roles (GRANT governance_app TO lineage_gateway)")
    for role in sorted(roles):
        row = conn.execute("SELECT r.rolsuper OR r.rolbypassrls, pg_catalog.pg_has_role(SESSION_USER, r.oid, 'MEMBER') "
                           "FROM pg_catalog.pg_roles r WHERE r.rolname = %s", (role,)).fetchone()
        if row is None:
            problems.append(f"role {role} does not exist")
        elif row[0]:
            problems.append(f"role {role} is a superuser or bypasses row-level security: map keys to governance roles")
        elif not row[1]:
            problems.append(f"the login role {login} is not a member of {role}: GRANT {role} TO {login}")
    if problems:
        raise Refused(problems)


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError as exc:
        raise UsageError("serve needs the 'serve' extra: pip install 'pg-governance[serve]'") from exc
    if args.api_keys and args.no_auth:
        raise UsageError("give --api-keys or --no-auth, not both")
    if args.api_keys:
        keys = load_keys(args.api_keys)
        anonymous = None
    elif args.no_auth:
        if not is_loopback(args.host):
            raise UsageError(f"--no-auth on {args.host}, which is not a loopback address: anyone who reaches it "
                             "could write lineage; give --api-keys")
        keys, anonymous = {}, ApiKey("anonymous", args.no_auth)
    else:
        raise UsageError("no authentication: give --api-keys FILE (or, on a loopback address only, --no-auth ROLE)")
    with connect(args.dsn, autocommit=True) as conn:
        check_roles(conn, {key.role for key in keys.values()} | ({anonymous.role} if anonymous else set()))

    _configure_logging()
    app = create_app(args.dsn, keys, anonymous, max_body=args.max_body_bytes, pool_size=args.pool_size,
                     refresh_seconds=args.refresh_seconds)
    # uvicorn stops on SIGTERM or SIGINT: it stops accepting, lets requests in flight
    # finish (at most 10 s), then the lifespan closes the pools.
    server = _server_class()(uvicorn.Config(app, host=args.host, port=args.port, log_config=None, access_log=False,
                                           server_header=False, timeout_graceful_shutdown=10, lifespan="on"))
    server.run()
    return EXIT_OK


def _server_class():
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn, but a SIGTERM or SIGINT that ended a graceful shutdown exits 0, as
        process managers expect of a service that stopped cleanly (uvicorn re-raises the
        signal once it has shut down, so the process would die of it)."""

        @contextlib.contextmanager
        def capture_signals(self):
            def stop(signum, frame):
                self.force_exit = self.should_exit  # a second signal: stop waiting for requests
                self.should_exit = True
            previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
    return Server


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": round(record.created, 3), "level": record.levelname.lower(), "event": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter())
    for name in ("pg_governance.serve", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def log(event: str, level: int = logging.INFO, **fields: Any) -> None:
    LOG.log(level, event, extra={"fields": fields})


class HttpError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, {"code": status, "message": message, **extra}


def create_app(dsn: str, keys: dict[bytes, ApiKey], anonymous: ApiKey | None, max_body: int = DEFAULT_MAX_BODY,
               pool_size: int = 4, refresh_seconds: int = 5):
    from psycopg_pool import AsyncConnectionPool, PoolTimeout
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    pools: dict[str, AsyncConnectionPool] = {}
    static = resources.files("installer.server") / "static"
    page = (static / "dashboard.html").read_text(encoding="utf-8")
    script = (static / "dashboard.js").read_text(encoding="utf-8").replace("__REFRESH_SECONDS__",
                                                                             str(refresh_seconds))
    headers = {"Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'",
               "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

    def pool_for(role: str) -> AsyncConnectionPool:
        # One pool per role, each connection becoming the role once: no request can run
        # as the login role, and no per-request SET ROLE round trip is spent.
        if role not in pools:
            async def become(conn: psycopg.AsyncConnection) -> None:
                await conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
            pools[role] = AsyncConnectionPool(dsn, min_size=1, max_size=pool_size, open=False, configure=become,
                                              kwargs={"autocommit": True, "application_name": "pg-governance serve"},
                                              name=f"serve-{role}", timeout=10)
        return pools[role]

    async def pool_open(role: str) -> AsyncConnectionPool:
        pool = pool_for(role)
        if pool.closed:
            await pool.open(wait=False)
        return pool

    def authenticate(request: Request) -> ApiKey:
        if anonymous is not None:
            return anonymous
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        key = keys.get(hashlib.sha256(token.strip().encode()).digest()) if scheme.lower() == "bearer" else None
        if key is None:
            raise HttpError(401, "a valid API key is required: Authorization: Bearer <key>")
        request.state.key = key.name
        return key

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body:
            raise HttpError(413, f"the request body is larger than {max_body} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body:
                raise HttpError(413, f"the request body is larger than {max_body} bytes")
        encoding = request.headers.get("content-encoding", "identity").lower()
        if encoding == "gzip":
            # Bounded decompression: a small gzip bomb must not become a large allocation.
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                plain = inflater.decompress(bytes(body), max_body + 1)
            except zlib.error as exc:
                raise HttpError(400, f"the body is not valid gzip: {exc}") from exc
            if len(plain) > max_body or inflater.unconsumed_tail:
                raise HttpError(413, f"the decompressed request body is larger than {max_body} bytes")
            return plain
        if encoding != "identity":
            raise HttpError(415, f"Content-Encoding {encoding} is not supported (identity or gzip)")
        return bytes(body)

    async def lineage(request: Request) -> Response:
        key = authenticate(request)
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            raise HttpError(415, "the body must be application/json")
        body = await read_body(request)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HttpError(400, f"Unable to process JSON: the body is not UTF-8 ({exc})") from exc
        pool = await pool_open(key.role)
        try:
            # The server parses the JSON (jsonb input), not Python: one parse per event.
            async with pool.connection() as conn:
                await conn.execute("SELECT lineage.ingest_openlineage(%s::jsonb)", (text,))
        except psycopg.errors.InvalidTextRepresentation as exc:
            raise HttpError(400, f"Unable to process JSON: {exc.diag.message_detail or exc.diag.message_primary}") from exc
        except psycopg.errors.InvalidParameterValue as exc:
            message = exc.diag.message_primary or str(exc)
            match = FIELD.match(message)
            raise HttpError(422, message, field=match.group(1) if match else None,
                            errors=[message.split(": ", 1)[-1]]) from exc
        except psycopg.errors.ProgramLimitExceeded as exc:
            raise HttpError(413, exc.diag.message_primary or str(exc)) from exc
        except psycopg.errors.InsufficientPrivilege as exc:
            raise HttpError(403, f"role {key.role} may not ingest lineage: {exc.diag.message_primary}") from exc
        except psycopg.DataError as exc:
            raise HttpError(422, exc.diag.message_primary or str(exc)) from exc
        return Response(status_code=201)

    async def dashboard_data(request: Request) -> Response:
        key = authenticate(request)
        pool = await pool_open(key.role)
        try:
            async with pool.connection() as conn:
                cur = await conn.execute("""
                    SELECT pg_catalog.jsonb_build_object(
                        'security', (SELECT pg_catalog.to_jsonb(s) FROM compliance.dashboard_security s),
                        'activity', (SELECT pg_catalog.jsonb_agg(a ORDER BY a.hour) FROM compliance.dashboard_activity a),
                        'scores', (SELECT COALESCE(pg_catalog.jsonb_agg(c ORDER BY c.framework), '[]')
                                     FROM compliance.dashboard_scores c),
                        'role', CURRENT_USER)""")
                (data,) = await cur.fetchone()
        except psycopg.errors.InsufficientPrivilege as exc:
            raise HttpError(403, f"role {key.role} may not read the dashboard views "
                                 f"(governance_auditor may): {exc.diag.message_primary}") from exc
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    async def health(request: Request) -> Response:
        role = anonymous.role if anonymous else next(iter(keys.values())).role
        try:
            pool = await pool_open(role)
            async with pool.connection(timeout=2) as conn:
                await conn.execute("SELECT 1")
        except (psycopg.Error, PoolTimeout, OSError) as exc:  # the database cannot answer
            log("health", logging.WARNING, database="unavailable", error=str(exc).strip())
            return JSONResponse({"status": "unavailable", "database": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    async def dashboard(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)

    async def dashboard_js(request: Request) -> Response:
        return Response(script, media_type="text/javascript; charset=utf-8", headers=headers)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        return JSONResponse({"code": status, "message": "HTTP 404 Not Found" if status == 404 else str(exc)},
                            status_code=status)

    async def http_error(request: Request, exc: HttpError) -> Response:
        extra = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        request.state.error = exc.body["message"]
        return JSONResponse(exc.body, status_code=exc.status, headers=extra)

    async def unavailable(request: Request, exc: Exception) -> Response:
        log("database unavailable", logging.ERROR, error=str(exc).strip())
        return JSONResponse({"code": 503, "message": "the database is unavailable"}, status_code=503,
                            headers={"Retry-After": "5"})

    async def lifespan(app):
        log("started", keys=len(keys), anonymous=anonymous.role if anonymous else None)
        yield
        await asyncio.gather(*(pool.close() for pool in pools.values()))
        log("stopped")

    app = Starlette(routes=[Route("/api/v1/lineage", lineage, methods=["POST"]),
                            Route("/api/v1/dashboard", dashboard_data, methods=["GET"]),
                            Route("/health", health, methods=["GET"]),
                            Route("/", dashboard, methods=["GET"]),
                            Route("/dashboard", dashboard, methods=["GET"]),
                            Route("/dashboard.js", dashboard_js, methods=["GET"])],
                    exception_handlers={HttpError: http_error, 404: not_found, 405: not_found,
                                        psycopg.OperationalError: unavailable, PoolTimeout: unavailable},
                    lifespan=lifespan)
    return AccessLog(app)


class AccessLog:
    """One structured line per request: method, path, status, duration, key name."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [500]
        scope.setdefault("state", {})

        async def record(message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)
        try:
            await self.app(scope, receive, record)
        finally:
            state = scope["state"]
            log("request", method=scope["method"], path=scope["path"], status=status[0],
                ms=round((time.perf_counter() - started) * 1000, 2), key=state.get("key"), error=state.get("error"))
