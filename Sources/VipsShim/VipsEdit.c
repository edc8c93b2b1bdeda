#include "VipsShim.h"
#include <vips/vips.h>

/* Encodes as the pipeline does: JPEG (quality 90, to survive being rendered once more), or PNG
 * when the image has transparency; no metadata. */
static int mz_encode(VipsImage *image, void **output, size_t *output_length) {
    if (vips_image_hasalpha(image)) {
        return vips_pngsave_buffer(image, output, output_length, "strip", TRUE, NULL);
    }
    return vips_jpegsave_buffer(image, output, output_length, "Q", 90, "strip", TRUE, NULL);
}

int mz_vips_gray(const void *buffer, size_t length, int max_size, void **pixels, size_t *pixels_length,
                 int *width, int *height) {
    VipsImage *thumb = NULL, *flat = NULL, *grey = NULL, *band = NULL, *bytes = NULL;
    int status = -1;
    if (vips_thumbnail_buffer((void *)buffer, length, &thumb, max_size, "height", max_size,
                              "size", VIPS_SIZE_DOWN, "option_string", "fail_on=truncated", NULL))
        goto done;
    // Transparent parts read as white paper, the way the text would be printed.
    if (vips_image_hasalpha(thumb)) {
        double white[] = {255.0, 255.0, 255.0};
        if (vips_flatten(thumb, &flat, "background", vips_array_double_new(white, 3), NULL)) goto done;
    } else {
        flat = thumb;
        g_object_ref(flat);
    }
    if (vips_colourspace(flat, &grey, VIPS_INTERPRETATION_B_W, NULL)) goto done;
    if (vips_extract_band(grey, &band, 0, NULL)) goto done;
    if (vips_cast(band, &bytes, VIPS_FORMAT_UCHAR, NULL)) goto done;
    *pixels = vips_image_write_to_memory(bytes, pixels_length);
    if (*pixels == NULL) goto done;
    *width = vips_image_get_width(bytes);
    *height = vips_image_get_height(bytes);
    status = 0;
done:
    if (bytes) g_object_unref(bytes);
    if (band) g_object_unref(band);
    if (grey) g_object_unref(grey);
    if (flat) g_object_unref(flat);
    if (thumb) g_object_unref(thumb);
    return status;
}

/* One area made unreadable: averaged into blocks of a third of its height (at least 6 pixels),
 * then softened, so no stroke of a letter is left to read or to sharpen back. */
static int mz_obscure(VipsImage *in, VipsImage **out, int x, int y, int w, int h) {
    VipsImage *area = NULL, *small = NULL, *blocks = NULL, *filled = NULL, *soft = NULL;
    int status = -1;
    int block = h / 3 > 6 ? h / 3 : 6;
    if (vips_extract_area(in, &area, x, y, w, h, NULL)) goto done;
    if (vips_shrink(area, &small, (double)block, (double)block, NULL)) goto done;
    if (vips_zoom(small, &blocks, block, block, NULL)) goto done;
    if (vips_embed(blocks, &filled, 0, 0, w, h, "extend", VIPS_EXTEND_COPY, NULL)) goto done;
    if (vips_gaussblur(filled, &soft, block / 2.0, NULL)) goto done;
    status = vips_insert(in, soft, out, x, y, NULL);
done:
    if (soft) g_object_unref(soft);
    if (filled) g_object_unref(filled);
    if (blocks) g_object_unref(blocks);
    if (small) g_object_unref(small);
    if (area) g_object_unref(area);
    return status;
}

int mz_vips_obscure(const void *buffer, size_t length, const int *boxes, int count,
                    void **output, size_t *output_length) {
    VipsImage *image = vips_image_new_from_buffer(buffer, length, "", NULL);
    if (image == NULL) return -1;
    int width = vips_image_get_width(image), height = vips_image_get_height(image);
    for (int i = 0; i < count; i++) {
        int x = boxes[4 * i], y = boxes[4 * i + 1], w = boxes[4 * i + 2], h = boxes[4 * i + 3];
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            vips_error("mobilize", "area %d is outside the picture", i);
            g_object_unref(image);
            return -1;
        }
        VipsImage *next = NULL;
        if (mz_obscure(image, &next, x, y, w, h)) {
            g_object_unref(image);
            return -1;
        }
        g_object_unref(image);
        image = next;
    }
    int status = mz_encode(image, output, output_length);
    g_object_unref(image);
    return status;
}

int mz_vips_crop(const void *buffer, size_t length, int x, int y, int w, int h,
                 void **output, size_t *output_length) {
    VipsImage *image = vips_image_new_from_buffer(buffer, length, "", NULL);
    VipsImage *area = NULL;
    int status = -1;
    if (image == NULL) return -1;
    if (vips_extract_area(image, &area, x, y, w, h, NULL)) goto done;
    status = mz_encode(area, output, output_length);
done:
    if (area) g_object_unref(area);
    g_object_unref(image);
    return status;
}

int mz_vips_test_text(const char *text, int width, int height, int points, void **output,
                      size_t *output_length) {
    // Dark print on light, slightly grainy paper, as a label or a letter photographed up close.
    VipsImage *mask = NULL, *placed = NULL, *ink = NULL, *paper = NULL, *printed = NULL;
    VipsImage *grey = NULL, *colour = NULL;
    int status = -1;
    char font[64];
    int margin = width / 12;
    g_snprintf(font, sizeof font, "DejaVu Sans %d", points);
    if (vips_text(&mask, text, "font", font, "width", width - 2 * margin, "dpi", 72, NULL)) goto done;
    if (vips_embed(mask, &placed, margin, height / 6, width, height, NULL)) goto done;
    if (vips_linear1(placed, &ink, -0.8, 0.0, NULL)) goto done;
    if (vips_gaussnoise(&paper, width, height, "mean", 225.0, "sigma", 6.0, NULL)) goto done;
    if (vips_add(paper, ink, &printed, NULL)) goto done;
    if (vips_cast(printed, &grey, VIPS_FORMAT_UCHAR, NULL)) goto done;
    if (vips_colourspace(grey, &colour, VIPS_INTERPRETATION_sRGB, "source_space", VIPS_INTERPRETATION_B_W, NULL))
        goto done;
    status = vips_jpegsave_buffer(colour, output, output_length, "Q", 90, NULL);
done:
    if (colour) g_object_unref(colour);
    if (grey) g_object_unref(grey);
    if (printed) g_object_unref(printed);
    if (paper) g_object_unref(paper);
    if (ink) g_object_unref(ink);
    if (placed) g_object_unref(placed);
    if (mask) g_object_unref(mask);
    return status;
}
