"""Openverse and Wikimedia Commons on this machine for the browser tests: their search and image answers in the
services' real formats, with pictures made here (PNG, no third-party library), so no test needs the Internet.

    with PictureServices(port) as services:
        ...  # the server under test has PICTURE_SEARCH_*_URL=http://127.0.0.1:<port>
"""
import json
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LUNCH = "5c0ffee0-0000-4000-8000-00000000a001"
COMMONS_LUNCH = "4711"


def png(width, height, colour):
    """A PNG of one colour with a darker band across it, small enough to write by hand."""
    rows = []
    for y in range(height):
        shade = tuple(max(0, c - 80) for c in colour) if height // 3 < y < 2 * height // 3 else colour
        rows.append(b"\x00" + bytes(shade) * width)
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


class PictureServices:
    def __init__(self, port):
        self.port = port
        self.paths = []
        services = self
        base = f"http://127.0.0.1:{port}"
        lunch_png = png(480, 320, (230, 170, 60))
        thumb_png = png(200, 140, (230, 170, 60))

        def openverse(image_id, licence="by-sa"):
            return {
                "id": image_id, "title": "Madpakke med rugbrød", "creator": "Ida Jensen",
                "creator_url": "https://example.org/ida", "url": f"{base}/files/lunch.png",
                "thumbnail": f"{base}/v1/images/{image_id}/thumb/", "license": licence, "license_version": "2.0",
                "license_url": f"https://creativecommons.org/licenses/{licence}/2.0/",
                "foreign_landing_url": "https://www.flickr.com/photos/ida/1", "filetype": "png", "mature": False,
                "provider": "flickr", "source": "flickr", "width": 480, "height": 320,
            }

        def commons_page(page_id, licence, index):
            return {
                "pageid": page_id, "ns": 6, "title": f"File:Madpakke {page_id}.png", "index": index,
                "imageinfo": [{
                    "url": f"{base}/files/lunch.png", "thumburl": f"{base}/files/lunch.png",
                    "descriptionurl": f"https://commons.wikimedia.org/wiki/File:Madpakke_{page_id}.png", "mime": "image/png",
                    "extmetadata": {
                        "LicenseShortName": {"value": licence, "source": "commons-desc-page"},
                        "Artist": {"value": "<a href=\"//commons.wikimedia.org/wiki/User:Ole\">Ole Hansen</a>"},
                        "LicenseUrl": {"value": "https://creativecommons.org/licenses/by/4.0"},
                        "ObjectName": {"value": f"Madpakke {page_id}"},
                    },
                }],
            }

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send(self, status, kind, body):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                services.paths.append(self.path)
                url = urlparse(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                if url.path == "/v1/images/":
                    results = [openverse(LUNCH), openverse("5c0ffee0-0000-4000-8000-00000000a002", "by-nc")] \
                        if "madpakke" in query.get("q", "").lower() else []
                    return self.send(200, "application/json", json.dumps(
                        {"result_count": len(results), "page_count": 1, "page_size": 20, "page": 1, "results": results}).encode())
                if url.path == f"/v1/images/{LUNCH}/":
                    return self.send(200, "application/json", json.dumps(openverse(LUNCH)).encode())
                if url.path.startswith("/v1/images/") and url.path.endswith("/thumb/"):
                    return self.send(200, "image/png", thumb_png)
                if url.path == "/w/api.php":
                    if query.get("pageids") == COMMONS_LUNCH:
                        pages = [commons_page(4711, "CC BY 4.0", 1)]
                    elif "madpakke" in query.get("gsrsearch", "").lower():
                        pages = [commons_page(4711, "CC BY 4.0", 1), commons_page(4712, "GFDL", 2)]
                    else:
                        pages = []
                    return self.send(200, "application/json", json.dumps({"batchcomplete": True, "query": {"pages": pages}}).encode())
                if url.path == "/files/lunch.png":
                    return self.send(200, "image/png", lunch_png)
                return self.send(404, "application/json", b'{"detail":"Not found."}')

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
