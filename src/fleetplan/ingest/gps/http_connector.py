"""A generic HTTP/JSON connector: URLs, paging, auth (a fixed header or a token
from a login call), timeout and field mapping all come from its ``ConnectorConfig``.

HTTP 429 and 5xx answers and timeouts are retried with backoff, honouring
``Retry-After`` (``vendors/transport.py``). Errors never quote a response body
(it may hold positions): they name the connector, the request path and what went
wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import httpx
import polars as pl

from fleetplan.ingest.gps.connectors import Connector, ConnectorConfig, ConnectorError
from fleetplan.ingest.gps.readers import (
    POINT_SCHEMA,
    TRIP_SCHEMA,
    GpsInputError,
    normalise_points,
    normalise_trips,
)
from fleetplan.ingest.gps.vendors.transport import (
    ApiClient,
    Auth,
    RetryPolicy,
    Sleep,
    StaticAuth,
    Token,
    TokenAuth,
)


def _dig(data: Any, dotted: str) -> Any:
    """``data["a"]["b"]`` for ``"a.b"``; None when a key is missing."""
    for key in dotted.split(".") if dotted else []:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


class HttpJsonConnector:
    """Implements ``Connector`` over a JSON REST API (retries, Retry-After and the
    rate limit come from ``ApiClient``)."""

    def __init__(
        self,
        config: ConnectorConfig,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep | None = None,
    ):
        self.config = config
        self.name = config.name
        self.kind: Literal["points", "trips"] = config.kind
        self._client = ApiClient(
            config.name,
            config.base_url,
            None,
            timeout_s=config.timeout_s,
            retry=RetryPolicy(
                config.max_attempts, config.backoff_s, config.retry_max_wait_s
            ),
            rate_per_s=config.rate_limit_per_s or 0.0,
            transport=transport,
            **({} if sleep is None else {"sleep": sleep}),
        )
        self._client.auth = self._auth()

    def _auth(self) -> Auth:
        login = self.config.token_login
        if login is not None:
            header, prefix = login.header, login.prefix
            return TokenAuth(
                self._login,
                place=lambda r, t: r.headers.__setitem__(header, prefix + t),
            )
        headers = {}
        credential = self.config.credential()
        if self.config.auth_header and credential is not None:
            headers[self.config.auth_header] = credential
        return StaticAuth(headers=headers)

    def _login(self) -> Token:
        login = self.config.token_login
        assert login is not None
        fields = self.config.login_fields()
        sent = {"json": fields} if login.as_json else {"data": fields}
        body = self._client.json("POST", login.path, use_auth=False, **sent)
        token = _dig(body, login.token_field)
        if not token:
            raise ConnectorError(
                f"connector {self.name}: the login answer has no "
                f"{login.token_field!r}; check token_login.token_field."
            )
        seconds = _dig(body, login.expires_field)
        expires_at = None
        if isinstance(seconds, int | float) and not isinstance(seconds, bool):
            expires_at = datetime.now(UTC) + timedelta(seconds=float(seconds))
        return Token(str(token), expires_at)

    def close(self) -> None:
        self._client.close()

    def _get(self, path: str, params: dict[str, str]) -> Any:
        return self._client.json("GET", path, params=params)

    def _pages(
        self, path: str, params: dict[str, str], key: str
    ) -> Iterator[list[Any]]:
        paging = self.config.paging
        page = paging.first_page
        token: str | None = None
        for _ in range(paging.max_pages):
            query = dict(params)
            if paging.mode == "page":
                query[paging.page_param] = str(page)
            elif paging.mode == "token" and token is not None:
                query[paging.token_param] = token
            body = self._get(path, query)
            items = _dig(body, key)
            if not isinstance(items, list):
                raise ConnectorError(
                    f"connector {self.name}: GET {path} has no list at {key!r}; check "
                    f"items_key/vehicles_key in the connector file."
                )
            yield items
            if paging.mode == "none":
                return
            if paging.mode == "page":
                if not items:
                    return
                page += 1
            else:
                token = _dig(body, paging.token_key)
                if not token:
                    return
        raise ConnectorError(
            f"connector {self.name}: GET {path} still had pages after "
            f"{paging.max_pages}; raise paging.max_pages or check the paging settings."
        )

    def list_vehicles(self) -> list[str]:
        ids: list[str] = []
        for items in self._pages(
            self.config.vehicles_path, {}, self.config.vehicles_key
        ):
            for item in items:
                value = (
                    item.get(self.config.vehicle_id_field)
                    if isinstance(item, dict)
                    else item
                )
                if value is None:
                    raise ConnectorError(
                        f"connector {self.name}: a vehicle has no "
                        f"{self.config.vehicle_id_field!r}; check vehicle_id_field."
                    )
                ids.append(str(value))
        return ids

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        path = self.config.data_path.format(vehicle_id=vehicle_id)
        params = {} if since is None else {self.config.since_param: since.isoformat()}
        schema = POINT_SCHEMA if self.kind == "points" else TRIP_SCHEMA
        fields = self.config.fields
        columns: dict[str, list[Any]] = {c: [] for c in schema}
        for items in self._pages(path, params, self.config.items_key):
            for item in items:
                if not isinstance(item, dict):
                    raise ConnectorError(
                        f"connector {self.name}: GET {path} returned an item that is "
                        f"not an object; check items_key."
                    )
                for column in schema:
                    if column == "vehicle_id" and column not in fields:
                        columns[column].append(vehicle_id)
                        continue
                    value = item.get(fields.get(column, column))
                    columns[column].append(None if value is None else str(value))
        raw = pl.DataFrame(columns, schema=dict.fromkeys(schema, pl.Utf8))
        try:
            # naive times are in the connector's time zone (issue 17, item 2)
            source, zone = f"connector {self.name} {path}", self.config.timezone
            if self.kind == "points":
                return normalise_points(raw, source, zone)
            return normalise_trips(raw, source, zone)
        except GpsInputError as exc:
            raise ConnectorError(str(exc)) from exc


def build_connector(config: ConnectorConfig) -> Connector:
    """The connector a configuration describes (a vendor's or the generic one)."""
    from fleetplan.ingest.gps.vendors import build_vendor_connector

    return build_vendor_connector(config)
