import os

import pytest

from caspian.readers.decode import DecodeError, decode

RU = "Добыча нефти в Казахстане в 2023 году составила 90 млн тонн, сообщили в Министерстве энергетики."
TR = "Kazakistan'ın doğal gaz üretimi bu yıl 51 milyar metreküpe ulaşacak; Bakanlık ihracatı artırmayı hedefliyor."
KK = "Қазақстанда мұнай өндіру көлемі өткен жылы 90 миллион тоннаға жетті, деп хабарлады министрлік."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RU, "utf-8"),
        (RU, "utf-8-sig"),
        (RU, "utf-16"),
        (RU, "utf-16-le"),
        (RU, "cp1251"),
        (RU, "koi8-r"),
        (TR, "cp1254"),
        (TR, "utf-16"),
        (KK, "utf-8"),
        (KK, "utf-16"),
        (RU[:60], "koi8-r"),
        (RU[:60], "cp1251"),
        (TR[:70], "cp1254"),
    ],
)
def test_decodes_regional_encodings(text, encoding):
    decoded, _ = decode(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary"),
        (os.urandom(4096).replace(b"\xef\xbb\xbf", b"") + b"\x00\x01\x02", "binary"),
    ],
)
def test_rejects_what_is_not_text(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)
