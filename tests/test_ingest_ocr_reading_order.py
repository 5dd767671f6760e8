"""The XY-cut reading order of OCR text (ingest/ocr.py parse_tsv): columns before what lies
beneath them, drop caps with their paragraph. No Tesseract needed: TSV rows are written by hand."""
from ingest.ocr import parse_tsv

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*lines):
    """lines: (block, paragraph, line, left, top, width, text) -> TSV word rows, 30 px tall words."""
    rows = [HEADER]
    for block, par, line, left, top, width, text in lines:
        x = left
        for number, word in enumerate(text.split(), start=1):
            w = width // len(text.split())
            rows.append(f"5\t1\t{block}\t{par}\t{line}\t{number}\t{x}\t{top}\t{w - 10}\t30\t90\t{word}")
            x += w
    return "\n".join(rows)


def test_two_columns_are_read_before_the_title_beneath_them():
    # Tesseract's order here: left column, title (under both columns), right column
    text, _, words = parse_tsv(tsv((1, 1, 1, 100, 100, 800, "left one"), (1, 1, 2, 100, 140, 800, "left two"),
                                   (2, 1, 1, 100, 400, 1800, "Big Title"),
                                   (3, 1, 1, 1000, 100, 800, "right one"), (3, 1, 2, 1000, 140, 800, "right two")))
    assert text.split("\n\n") == ["left one\nleft two", "right one\nright two", "Big Title"]
    assert words == 10


def test_a_drop_cap_line_comes_before_the_rest_of_its_paragraph():
    # Tesseract put the drop cap's line (a tall box: the big initial) in a block after the
    # line beside it
    text, _, _ = parse_tsv(tsv((1, 1, 1, 280, 210, 500, "wandered around"),
                               (1, 2, 1, 180, 260, 600, "with the look"),
                               (2, 1, 1, 180, 160, 600, "She sighed.")).replace(
        "\t180\t160\t290\t30\t", "\t180\t160\t290\t130\t"))
    assert text.split() == "She sighed. wandered around with the look".split()


def test_a_single_column_page_keeps_tesseracts_order():
    lines = [(1, 1, 1, 100, 100, 1800, "AGREEMENT"), (2, 1, 1, 100, 200, 1800, "first paragraph"),
             (2, 1, 2, 100, 240, 1800, "goes on"), (2, 2, 1, 100, 300, 1800, "second paragraph"),
             (3, 1, 1, 1500, 3000, 300, "Page 1")]
    text, _, _ = parse_tsv(tsv(*lines))
    assert text == "AGREEMENT\n\nfirst paragraph\ngoes on\n\nsecond paragraph\n\nPage 1"


def test_a_paragraph_tesseract_split_at_a_short_line_reads_as_one_run_of_text():
    # lines 40 px apart; Tesseract began a new paragraph after the short line "Infrastructure"
    # (a party's name broken over two lines), and another one after the heading block
    lines = [(1, 1, 1, 100, 100, 1800, "MEMORANDUM OF COOPERATION"), (1, 2, 1, 100, 140, 1800, "BETWEEN THE AGENCIES"),
             (2, 1, 1, 100, 220, 1800, "The Participants are the Cybersecurity and"),
             (2, 1, 2, 100, 260, 600, "Infrastructure"),
             (2, 2, 1, 100, 300, 1800, "Security Agency (CISA) and the State."),
             (2, 2, 2, 100, 340, 1800, "It takes effect on signature.")]
    text, _, _ = parse_tsv(tsv(*lines))
    assert text == ("MEMORANDUM OF COOPERATION\nBETWEEN THE AGENCIES\n\nThe Participants are the Cybersecurity and\n"
                    "Infrastructure\nSecurity Agency (CISA) and the State.\nIt takes effect on signature.")


def test_paragraphs_side_by_side_or_a_blank_line_apart_stay_apart():
    lines = [(1, 1, 1, 100, 100, 700, "For the Agency:"), (1, 1, 2, 100, 140, 700, "Director"),
             (2, 1, 1, 1000, 180, 700, "For the County:"), (2, 1, 2, 1000, 220, 700, "Sheriff"),
             (3, 1, 1, 100, 300, 1600, "Page 2 of 2")]
    text, _, _ = parse_tsv(tsv(*lines))
    assert text == "For the Agency:\nDirector\n\nFor the County:\nSheriff\n\nPage 2 of 2"


def test_a_signature_row_keeps_its_columns_and_its_blocks_stay_together():
    # one Tesseract line running across two signature blocks, then a paragraph Tesseract drew round
    # the next lines although they follow one pitch below
    rows = [HEADER,
            "5\t1\t1\t1\t1\t1\t100\t100\t200\t30\t90\tDirector",
            "5\t1\t1\t1\t1\t2\t1200\t100\t250\t30\t90\tCommander",
            "5\t1\t2\t1\t1\t1\t100\t140\t225\t30\t90\t4/5/2022",
            "5\t1\t2\t1\t1\t2\t1200\t140\t250\t30\t90\t4/20/2022"]
    text, _, _ = parse_tsv("\n".join(rows))
    first, second = text.split("\n")
    assert first.split() == ["Director", "Commander"] and "          " in first
    assert second.split() == ["4/5/2022", "4/20/2022"]
