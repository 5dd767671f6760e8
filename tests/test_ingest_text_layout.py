"""The text layer's columns put back (ingest/text_layout.py): words far apart on a line stay apart, and
only spaces change."""
from ingest.text_layout import laid_out


def boxes(rows):
    """rows: (top, [(left, word), ...]); characters 0.01 wide, lines 0.015 tall."""
    return [(word, left, top, left + 0.01 * len(word), top + 0.015) for top, row in rows for left, word in row]


def test_side_by_side_signature_blocks_keep_their_columns():
    rows = [(0.50, [(0.1, "FOR"), (0.14, "THE"), (0.18, "AGENCY"), (0.55, "FOR"), (0.59, "THE"), (0.63, "COUNTY")]),
            (0.52, [(0.1, "Director"), (0.55, "Sheriff")])]
    text = "FOR THE AGENCY FOR THE COUNTY\nDirector Sheriff"
    assert laid_out(text, boxes(rows)) == ("FOR THE AGENCY" + " " * 31 + "FOR THE COUNTY\n"
                                           "Director" + " " * 37 + "Sheriff")


def test_lines_stay_as_they_are_however_far_apart():
    rows = [(0.10, [(0.4, "AGREEMENT")]), (0.16, [(0.1, "The"), (0.14, "parties")]), (0.18, [(0.1, "agree.")])]
    assert laid_out("AGREEMENT\nThe parties\nagree.", boxes(rows)) == "AGREEMENT\nThe parties\nagree."


def test_words_without_boxes_change_nothing_and_the_words_stay_in_order():
    text = "Dated: March 1, 2024\nSigned"
    rows = [(0.1, [(0.1, "Dated:"), (0.18, "March"), (0.24, "1,"), (0.27, "2024")]), (0.12, [(0.1, "Signed")])]
    assert laid_out(text, boxes(rows)) == text
    assert laid_out(text, []) == text
    assert laid_out(text, boxes(rows)[1:]).split() == text.split()
