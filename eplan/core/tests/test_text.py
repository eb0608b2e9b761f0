"""Lines a PDF cut at its margin are joined back; paragraphs and list items are kept."""

from eplan.core.text import join_hard_wraps, looks_hard_wrapped


def test_thai_lines_cut_by_a_pdf_are_joined_without_a_space():
    pasted = "องค์การบริหารส่วนตำบลกลายได้ตระหนักถึงความสำคัญของการป้องกัน\nการทุจริต จึงได้จัดทำแผน\nปฏิบัติการ"
    assert join_hard_wraps(pasted) == "องค์การบริหารส่วนตำบลกลายได้ตระหนักถึงความสำคัญของการป้องกันการทุจริต จึงได้จัดทำแผนปฏิบัติการ"


def test_latin_words_and_numbers_are_joined_with_a_space():
    assert join_hard_wraps("คะแนน ITA\nscore ปี 2565\n80 คะแนน") == "คะแนน ITA score ปี 2565 80 คะแนน"


def test_paragraphs_and_list_items_are_kept():
    pasted = "วัตถุประสงค์ดังนี้\n1. เพื่อยกระดับ\nจิตสำนึก\n2. เพื่อให้\nประชาชนมีส่วนร่วม\n\nย่อหน้าที่สอง\n- ข้อย่อย\n(ก) อีกข้อ"
    assert join_hard_wraps(pasted) == (
        "วัตถุประสงค์ดังนี้\n1. เพื่อยกระดับจิตสำนึก\n2. เพื่อให้ประชาชนมีส่วนร่วม\n\nย่อหน้าที่สอง\n- ข้อย่อย\n(ก) อีกข้อ"
    )


def test_a_sara_am_split_by_a_pdf_is_made_whole():
    assert join_hard_wraps("บทน\u0e4d\u0e32") == "บทนำ"


def test_only_text_that_would_change_is_offered_a_join():
    assert looks_hard_wrapped("บรรทัดแรก\nบรรทัดที่สอง")
    assert not looks_hard_wrapped("ย่อหน้าเดียว")
    assert not looks_hard_wrapped("ย่อหน้าหนึ่ง\n\nย่อหน้าสอง")
    assert not looks_hard_wrapped("รายการ\n1. ข้อแรก\n2. ข้อสอง")
    assert not looks_hard_wrapped("")
