"""The PNG download decodes what the browser's chart returns."""

from __future__ import annotations

import base64

import pytest

from fleetplan.web.charts import png_from_data_url

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_png_bytes_come_back_unchanged() -> None:
    payload = PNG_SIGNATURE + b"rest of image"
    url = "data:image/png;base64," + base64.b64encode(payload).decode()
    assert png_from_data_url(url) == payload


@pytest.mark.parametrize(
    "url", ["data:image/jpeg;base64,AAAA", "not a url", "data:image/png;base64,@@"]
)
def test_anything_but_a_png_data_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError):
        png_from_data_url(url)
