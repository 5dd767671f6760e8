"""A scanned page image made fit for Tesseract: a copier's speckle and the redaction boxes taken off before
the page is read.

A copier or a scanner leaves single dark dots on the paper (dust on the glass, sensor noise). Tesseract
reads such a dot beside a word as a full stop or a comma ("the Warrant. Service Officer", "South
Carolina Department. of Motor Vehicles", "U.S..Immigration", "8 C.F.R: § 287.5"), and the stop then
cuts a name or a sentence in the extractors. At the 150-400 dpi pages are read at, no mark of print is
a single pixel: a full stop in 8-point type is about three pixels across at 200 dpi, and a line of
type is a few pixels thick, so a dark pixel with no other dark pixel within two pixels of it is no
part of a glyph. Such pixels are made paper-white; nothing else on the page changes.

"Dark" is below the page's Otsu threshold (the grey level that best splits ink from paper), which
is what Tesseract's own binarisation uses, so a pixel Tesseract would not see as ink is left alone.

A released record's redactions are solid black boxes, with the exemption codes printed beside them
("█████ (b)(6), (b)(7)(C)"). Tesseract takes the box for part of the line's first word, and the
codes next to it come out garbled ("¢ 6). (D670)", "(b)(s)", "))(6)"). A box hides text and holds
none: its area is all ink, wider than any letter stroke and taller than any rule. Such areas are made
paper-white, so the codes beside them are read as printed. A dark band with light letters within it (a
heading set white on black) is left alone, and so is a solid part of a bigger shape (the bar of a bold
"R" in a letterhead's logo).
"""
from __future__ import annotations

import numpy as np
from PIL import Image

# a dark pixel with no other within this many pixels is a speck: a glyph's stroke that a light scan broke
# leaves its pieces a pixel or two apart (the tail of a comma), and they are kept
SPECK_CLEARANCE = 2
# a redaction box is at least this wide and this tall (inches): a rule is thinner, a letter's stroke narrower
BOX_MIN_WIDTH = 0.2
BOX_MIN_HEIGHT = 0.06
BOX_MIN_CONVEX = 0.9     # share of its convex hull a box's patch of ink fills (a letter far less)
BOX_MIN_SHARE = 0.85     # share of its patch of ink a box fills (boxes 0.88-1.0; a logo letter 0.16, a 96-point E 0.79)
LETTER_MIN = 0.02         # inches across: a light blob this big inside a dark area is a letter (white on black)
BOX_FRINGE = 0.01        # inches of the box's blurred edge whitened with it


def cleaned_for_ocr(image: Image.Image, dpi: int) -> Image.Image:
    """`image` (greyscale, "L") with its specks and its redaction boxes made white (both judged against
    one threshold); the image itself when it has neither."""
    pixels = np.asarray(image)
    if pixels.ndim != 2 or min(pixels.shape) < 5:
        return image
    dark = pixels < otsu_threshold(image)
    return _whitened(pixels, image, [_specks(dark), _redaction_boxes(dark, dpi)])


def without_speckle(image: Image.Image) -> Image.Image:
    """`image` (greyscale, "L") with every isolated dark pixel (no other dark pixel within
    SPECK_CLEARANCE pixels) turned to white; the image itself when it has none."""
    pixels = np.asarray(image)
    if pixels.ndim != 2 or min(pixels.shape) < 5:
        return image
    return _whitened(pixels, image, [_specks(pixels < otsu_threshold(image))])


def without_redaction_boxes(image: Image.Image, dpi: int) -> Image.Image:
    """`image` (greyscale, "L") with each solid dark box (all ink over at least BOX_MIN_WIDTH x
    BOX_MIN_HEIGHT inches, no light letters within it) turned white, its blurred edge with it; the
    image itself when it has none."""
    pixels = np.asarray(image)
    if pixels.ndim != 2:
        return image
    return _whitened(pixels, image, [_redaction_boxes(pixels < otsu_threshold(image), dpi)])


def _whitened(pixels: np.ndarray, image: Image.Image, masks: list) -> Image.Image:
    masks = [m for m in masks if m is not None]
    if not masks:
        return image
    cleaned = pixels.copy()
    for mask in masks:
        cleaned[mask] = 255
    return Image.fromarray(cleaned, "L")


def _specks(dark: np.ndarray):
    """(rows, columns) of the dark pixels with no other dark pixel within SPECK_CLEARANCE (2) pixels, or
    None. The pixels with no dark neighbour are found over the whole page; the few there are are then
    checked one by one for a dark pixel two steps away."""
    height, width = dark.shape
    reach = SPECK_CLEARANCE
    padded = np.pad(dark, reach)
    near = np.zeros_like(dark)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                near |= padded[reach + dy:reach + dy + height, reach + dx:reach + dx + width]
    rows, cols = np.nonzero(dark & ~near)
    if not len(rows):
        return None
    alone = np.ones(len(rows), dtype=bool)
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            if max(abs(dy), abs(dx)) > 1:
                alone &= ~padded[rows + reach + dy, cols + reach + dx]
    return (rows[alone], cols[alone]) if alone.any() else None


def _redaction_boxes(dark: np.ndarray, dpi: int):
    """A mask of the page's redaction boxes (with their blurred edges), or None."""
    from scipy import ndimage    # here, not at the top: only a page being OCR'd needs SciPy (an import costs a worker time)
    if dpi <= 0:
        return None
    width, height = max(2, round(BOX_MIN_WIDTH * dpi)), max(2, round(BOX_MIN_HEIGHT * dpi))
    around = _where_a_box_may_be(dark, width, height) if dark.shape[0] >= height and dark.shape[1] >= width else None
    if around is None:
        return None
    solid = np.zeros(dark.shape, dtype=bool)
    solid[around] = _runs_at_least(_runs_at_least(dark[around], width, axis=1), height, axis=0)
    if not solid.any():
        return None
    labels, _ = ndimage.label(solid)
    inked, _ = ndimage.label(dark)      # the solid areas of one patch of ink are judged together
    patches: dict[int, list[tuple[int, tuple[slice, slice]]]] = {}
    for number, where in enumerate(ndimage.find_objects(labels), start=1):
        patch = inked[where][labels[where] == number][0]
        patches.setdefault(int(patch), []).append((number, where))
    fringe = max(1, round(BOX_FRINGE * dpi))
    where_inked = ndimage.find_objects(inked)
    ink = {patch: int((inked[where_inked[patch - 1]] == patch).sum()) for patch in patches}
    boxes = None
    for patch, parts in patches.items():
        if sum(int((labels[w] == n).sum()) for n, w in parts) < BOX_MIN_SHARE * ink[patch]:
            continue     # solid parts of a bigger shape: the stroke of a letter in a logo or a display face
        bounds = (slice(min(w[0].start for _, w in parts), max(w[0].stop for _, w in parts)),
                  slice(min(w[1].start for _, w in parts), max(w[1].stop for _, w in parts)))
        if not _convex(inked, patch, ink[patch], where_inked[patch - 1]):
            continue     # a heavy letter's curves and corners ("S", "E" in a 96-point heading)
        if _holds_letters(~dark[bounds], round(LETTER_MIN * dpi) ** 2):
            continue     # a heading set white on black, not a redaction
        for number, (rows, cols) in parts:
            grown = (slice(max(0, rows.start - fringe), rows.stop + fringe),
                     slice(max(0, cols.start - fringe), cols.stop + fringe))
            if boxes is None:
                boxes = np.zeros(dark.shape, dtype=bool)
            boxes[grown] |= ndimage.binary_dilation(labels[grown] == number, iterations=fringe)
    return boxes


def _where_a_box_may_be(dark: np.ndarray, width: int, height: int) -> tuple[slice, slice] | None:
    """The part of the page that holds every solid area `width` x `height` (None: there is none), found
    first on blocks of k x k pixels (a block is ink when all its pixels are): a solid area of that
    size fills at least width // k - 1 blocks across and height // k - 1 down, and lies within k
    pixels of them. Most pages hold none, and this costs a fraction of the search at full size."""
    k = max(1, min(width, height) // 4)
    rows, cols = (dark.shape[0] // k) * k, (dark.shape[1] // k) * k
    blocks = dark[:rows, :cols].reshape(rows // k, k, cols // k, k).all(axis=(1, 3))
    across, down = max(1, width // k - 1), max(1, height // k - 1)
    if blocks.shape[0] < down or blocks.shape[1] < across:
        return None
    found = np.nonzero(_runs_at_least(_runs_at_least(blocks, across, axis=1), down, axis=0))
    if not len(found[0]):
        return None
    top, bottom = max(0, (found[0].min() - 1) * k), min(dark.shape[0], (found[0].max() + 2) * k)
    left, right = max(0, (found[1].min() - 1) * k), min(dark.shape[1], (found[1].max() + 2) * k)
    if bottom - top < height or right - left < width:
        return None
    return slice(top, bottom), slice(left, right)


def otsu_threshold(image: Image.Image) -> int:
    """The grey level (0..255) that splits the image's pixels into two classes of least spread (Otsu,
    1979): pixels below it are ink. (PIL's histogram: numpy's bincount of a page costs ten times more.)"""
    counts = np.array(image.histogram()[:256], dtype=np.float64)
    total = counts.sum()
    levels = np.arange(256, dtype=np.float64)
    below = np.cumsum(counts)                    # pixels at or below each level
    below_sum = np.cumsum(counts * levels)
    above = total - below
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_below = below_sum / below
        mean_above = (below_sum[-1] - below_sum) / above
        between = below * above * (mean_below - mean_above) ** 2
    between = np.nan_to_num(between)
    return int(np.argmax(between)) + 1          # level k splits at <= k: ink is below k + 1


def _convex(inked: np.ndarray, patch: int, area: int, where: tuple[slice, slice]) -> bool:
    """Whether a patch of ink (`where`: its bounds) fills BOX_MIN_CONVEX of its convex hull, as a box
    (turned a little by a skewed scan) does and a letter does not."""
    from scipy.spatial import ConvexHull, QhullError
    points = np.argwhere(inked[where] == patch)
    try:
        hull = ConvexHull(points).volume      # in two dimensions, the area
    except QhullError:
        return False                          # all its pixels on one line: a rule, no box
    return area >= BOX_MIN_CONVEX * hull


def _holds_letters(light: np.ndarray, letter_area: int) -> bool:
    """Whether an area's light pixels (`light`: its bounding rectangle) hold two or more blobs of at least
    `letter_area` pixels clear of the rectangle's edge: letters. A box holds none (a scan's speck is smaller,
    and the corners a skewed box leaves light touch the edge)."""
    from scipy import ndimage
    blobs, count = ndimage.label(light)
    if count < 2:
        return False
    edge = np.unique(np.concatenate([blobs[0], blobs[-1], blobs[:, 0], blobs[:, -1]]))
    sizes = np.bincount(blobs.ravel(), minlength=count + 1)
    sizes[edge] = 0
    sizes[0] = 0
    return int((sizes >= letter_area).sum()) >= 2


def _runs_at_least(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The cells of `mask` that lie in a run of at least `length` True cells along `axis`."""
    ends = np.cumsum(mask, axis=axis, dtype=np.int32)
    ends = np.concatenate([np.zeros_like(ends.take([0], axis=axis)), ends], axis=axis)
    size = mask.shape[axis]
    full = (ends.take(range(length, size + 1), axis=axis) - ends.take(range(0, size - length + 1), axis=axis)) == length
    # a cell is in a long run when a full window starts within `length` cells before it
    starts = np.cumsum(full, axis=axis, dtype=np.int32)
    starts = np.concatenate([np.zeros_like(starts.take([0], axis=axis)), starts], axis=axis)
    index = np.arange(size)
    upper = np.minimum(index, size - length) + 1
    lower = np.maximum(index - length + 1, 0)
    return (starts.take(upper, axis=axis) - starts.take(lower, axis=axis)) > 0
