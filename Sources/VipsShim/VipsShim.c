#include "VipsShim.h"
#include <string.h>
#include <vips/vips.h>

int mz_vips_start(void) {
    static int started = 0;
    if (started) return 0;
    if (VIPS_INIT("mobilize")) return -1;
    // Memory and threads stay bounded: no operation cache, at most two worker threads.
    vips_cache_set_max(0);
    vips_concurrency_set(2);
    started = 1;
    return 0;
}

int mz_vips_probe(const void *buffer, size_t length, char *loader, size_t loader_capacity,
                  int *width, int *height, int *pages) {
    const char *name = vips_foreign_find_load_buffer(buffer, length);
    if (name == NULL) return -1;
    strncpy(loader, name, loader_capacity - 1);
    loader[loader_capacity - 1] = '\0';
    VipsImage *image = vips_image_new_from_buffer(buffer, length, "", NULL);
    if (image == NULL) return -1;
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    *pages = vips_image_get_n_pages(image);
    g_object_unref(image);
    return 0;
}

/* Stops an evaluation that runs past its deadline (the way sharp bounds a decode's time). */
static void mz_eval(VipsImage *image, VipsProgress *progress, void *deadline) {
    (void)progress;
    if (g_get_monotonic_time() > *(gint64 *)deadline) vips_image_set_kill(image, TRUE);
}

int mz_vips_render(const void *buffer, size_t length, int max_size, int timeout_ms,
                   void **output, size_t *output_length, int *is_png, int *width, int *height) {
    VipsImage *thumb = NULL;
    VipsImage *srgb = NULL;
    int status = -1;
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    // thumbnail_buffer shrinks while it loads, turns the image upright by its EXIF orientation,
    // and reads only the first page of a GIF or HEIF.
    // fail_on=truncated: a cut-off file is refused instead of being padded with grey.
    if (vips_thumbnail_buffer((void *)buffer, length, &thumb, max_size, "height", max_size,
                              "size", VIPS_SIZE_DOWN, "option_string", "fail_on=truncated", NULL))
        goto done;
    if (vips_colourspace(thumb, &srgb, VIPS_INTERPRETATION_sRGB, NULL)) goto done;
    // The decode happens lazily while the output is written: bound it in time there.
    vips_image_set_progress(srgb, TRUE);
    g_signal_connect(srgb, "eval", G_CALLBACK(mz_eval), &deadline);
    *width = vips_image_get_width(srgb);
    *height = vips_image_get_height(srgb);
    *is_png = vips_image_hasalpha(srgb);
    if (*is_png) {
        status = vips_pngsave_buffer(srgb, output, output_length, "strip", TRUE, NULL);
    } else {
        status = vips_jpegsave_buffer(srgb, output, output_length, "Q", 85, "strip", TRUE,
                                      "optimize_coding", TRUE, NULL);
    }
done:
    if (srgb) g_object_unref(srgb);
    if (thumb) g_object_unref(thumb);
    return status;
}

int mz_vips_render_svg(const void *buffer, size_t length, int size, void **output, size_t *output_length) {
    const char *name = vips_foreign_find_load_buffer(buffer, length);
    if (name == NULL || strstr(name, "Svg") == NULL) return -1;
    VipsImage *image = NULL;
    int status = -1;
    if (vips_thumbnail_buffer((void *)buffer, length, &image, size, "height", size, NULL)) goto done;
    status = vips_pngsave_buffer(image, output, output_length, "strip", TRUE, "compression", 9, NULL);
done:
    if (image) g_object_unref(image);
    return status;
}

int mz_vips_test_jpeg(int width, int height, void **output, size_t *output_length) {
    // Noise: as hard to compress and decode as a real photo, harder than most.
    VipsImage *noise = NULL, *grey = NULL, *colour = NULL;
    int status = -1;
    if (vips_gaussnoise(&noise, width, height, "mean", 128.0, "sigma", 40.0, NULL)) goto done;
    if (vips_cast(noise, &grey, VIPS_FORMAT_UCHAR, NULL)) goto done;
    if (vips_colourspace(grey, &colour, VIPS_INTERPRETATION_sRGB, NULL)) goto done;
    status = vips_jpegsave_buffer(colour, output, output_length, "Q", 90, NULL);
done:
    if (colour) g_object_unref(colour);
    if (grey) g_object_unref(grey);
    if (noise) g_object_unref(noise);
    return status;
}

int mz_vips_test_image(int width, int height, const char *format, void **output, size_t *output_length) {
    VipsImage *noise = NULL, *grey = NULL, *colour = NULL, *final = NULL;
    VipsImage *frames[2] = {NULL, NULL};
    int status = -1;
    if (vips_gaussnoise(&noise, width, height, "mean", 128.0, "sigma", 40.0, NULL)) goto done;
    if (vips_cast(noise, &grey, VIPS_FORMAT_UCHAR, NULL)) goto done;
    if (vips_colourspace(grey, &colour, VIPS_INTERPRETATION_sRGB, NULL)) goto done;
    if (strcmp(format, "png") == 0) {
        // With transparency, as a pictogram or a cut-out often has.
        if (vips_bandjoin_const1(colour, &final, 128.0, NULL)) goto done;
        // Stored fast: the server's own encoding (compression 6) is then never the same bytes.
        status = vips_pngsave_buffer(final, output, output_length, "compression", 1, NULL);
    } else if (strcmp(format, "webp") == 0) {
        status = vips_webpsave_buffer(colour, output, output_length, NULL);
    } else if (strcmp(format, "heic") == 0) {
        status = vips_heifsave_buffer(colour, output, output_length,
                                      "compression", VIPS_FOREIGN_HEIF_COMPRESSION_HEVC, NULL);
    } else if (strcmp(format, "gif") == 0) {
        // Two frames stacked, as an animation: only the first may be kept.
        frames[0] = colour;
        g_object_ref(colour);
        if (vips_invert(colour, &frames[1], NULL)) goto done;
        if (vips_arrayjoin(frames, &final, 2, "across", 1, NULL)) goto done;
        vips_image_set_int(final, "page-height", height);
        status = vips_gifsave_buffer(final, output, output_length, NULL);
    }
done:
    for (int i = 0; i < 2; i++) if (frames[i]) g_object_unref(frames[i]);
    if (final) g_object_unref(final);
    if (colour) g_object_unref(colour);
    if (grey) g_object_unref(grey);
    if (noise) g_object_unref(noise);
    return status;
}

void mz_vips_free(void *pointer) { g_free(pointer); }

void mz_vips_error(char *message, size_t capacity) {
    const char *text = vips_error_buffer();
    strncpy(message, text ? text : "", capacity - 1);
    message[capacity - 1] = '\0';
    vips_error_clear();
}
