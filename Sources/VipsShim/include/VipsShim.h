#ifndef MOBILIZE_VIPS_SHIM_H
#define MOBILIZE_VIPS_SHIM_H
#include <stddef.h>

/// Non-variadic entry points into libvips for Swift, which cannot call C variadic functions.

/// Starts libvips once per process; 0 on success.
int mz_vips_start(void);

/// Reads only the header of an image in memory. Writes the loader's name (e.g.
/// "VipsForeignLoadJpegBuffer"), size and page count. 0 on success, -1 when no loader accepts it.
int mz_vips_probe(const void *buffer, size_t length, char *loader, size_t loader_capacity,
                  int *width, int *height, int *pages);

/// Decodes (first page only), turns upright by its orientation, fits within max_size x max_size
/// (never enlarging), converts to sRGB and encodes without any metadata: JPEG (quality 85), or
/// PNG when the image has transparency. Stops with an error after timeout_ms milliseconds. The
/// output is freed with mz_vips_free. 0 on success.
int mz_vips_render(const void *buffer, size_t length, int max_size, int timeout_ms,
                   void **output, size_t *output_length, int *is_png, int *width, int *height);

/// Renders an SVG of the trusted pictogram archive to a PNG of size x size (never used for
/// uploads, which refuse SVG). Fails when the buffer is not SVG. Freed with mz_vips_free.
int mz_vips_render_svg(const void *buffer, size_t length, int size, void **output, size_t *output_length);

/// A JPEG of noise, for tests and benchmarks.
int mz_vips_test_jpeg(int width, int height, void **output, size_t *output_length);

/// A test picture of noise in another format: "png" (with transparency), "webp", "heic", or
/// "gif" (two frames). For tests.
int mz_vips_test_image(int width, int height, const char *format, void **output, size_t *output_length);

/// A grey copy for reading text: decoded, upright, fitted within max_size x max_size, transparency
/// on white, one byte a pixel, rows without padding. Freed with mz_vips_free. 0 on success.
int mz_vips_gray(const void *buffer, size_t length, int max_size, void **pixels, size_t *pixels_length,
                 int *width, int *height);

/// The picture with `count` areas (x, y, width, height in `boxes`, four ints each) made unreadable,
/// encoded without metadata (JPEG, or PNG with transparency). Fails when an area is outside it.
int mz_vips_obscure(const void *buffer, size_t length, const int *boxes, int count,
                    void **output, size_t *output_length);

/// One area of the picture, encoded without metadata. Fails when it is outside the picture.
int mz_vips_crop(const void *buffer, size_t length, int x, int y, int w, int h,
                 void **output, size_t *output_length);

/// A JPEG of width x height with `text` (Pango markup, lines apart) printed dark on light paper
/// in DejaVu Sans of `points`: for the tests of the guard against sensitive pictures.
int mz_vips_test_text(const char *text, int width, int height, int points, void **output,
                      size_t *output_length);

void mz_vips_free(void *pointer);

/// The last error message of this thread, cleared after reading (copied into message).
void mz_vips_error(char *message, size_t capacity);

#endif
