"""Facts an imported text states outright: its language, dates, e-mail addresses, phone numbers,
postal addresses and URLs. Each is found with the sentence it came from, so that the draft can
show the author where it was read; nothing is inferred."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?P<iso>\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}})"
    rf"|(?P<mdy>(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<dmy>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?,?\s+\d{{4}})"
    r"|(?P<cjk>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
# Which field a cue names: effective, or the date this version was published (updated).
_CUES = (
    ("effective", r"effective(?:\s+date|\s+as\s+of|\s+from|\s+on)?|生效日期|生效时间|生效日"),
    (
        "published",
        r"last\s+(?:updated|modified|revised)(?:\s+on)?|updated(?:\s+on)?|date\s+of\s+update"
        r"|published(?:\s+on)?|更新日期|更新时间|发布日期|发布时间|版本日期",
    ),
)
_DATED = re.compile(
    rf"(?P<cue>{'|'.join(f'(?P<{name}>{pattern})' for name, pattern in _CUES)})\s*[:：]?\s*(?:{_DATE})",
    re.IGNORECASE,
)
_TAKES_EFFECT = re.compile(rf"自\s*(?:{_DATE})\s*起\s*(?:正式)?(?:生效|施行|实施)", re.IGNORECASE)
EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b"
)
_URL = re.compile(r"https?://[^\s<>\"'）)\]，。；、]+[^\s<>\"'）)\]，。；、.,;:!?]")
_PHONE_CUE = re.compile(
    r"phone|telephone|\btel\b|hotline|call us|call\b|电话|热线|客服|致电|拨打", re.IGNORECASE
)
_PHONE = re.compile(
    r"(?<![\w-])(?:\+?\d{1,3}[\s-]?)?(?:\(\d{1,4}\)[\s-]?)?\d{2,4}(?:[\s-]\d{2,4}){1,3}(?![\w-])|(?<!\d)\d{5}(?!\d)"
)
_ADDRESS = re.compile(
    r"(?:mailing\s+address|postal\s+address|registered\s+(?:office|address)|address|通讯地址|邮寄地址|联系地址|注册地址|办公地址|地址)"
    r"\s*(?:is|:|：)\s*(?P<address>[^\n。;；]{8,200})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A value, and the line of the source it was read from."""

    value: str
    sentence: str


def language(text: str) -> str:
    """The BCP 47 tag of the script most of the text's letters are in (Chinese, Japanese, Korean,
    else English); `policypress import --language` overrides it."""
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    if _KANA.search(text) and len(_KANA.findall(text)) * 10 > han:
        return "ja"
    if len(_HANGUL.findall(text)) > latin:
        return "ko"
    return "zh-CN" if han > latin / 4 else "en"


def dates(text: str) -> dict[str, Found]:
    """The first effective and publication (updated) dates the text states, by field."""
    found: dict[str, Found] = {}
    for line in text.splitlines():
        for match in _DATED.finditer(line):
            field = "effective" if match.group("effective") else "published"
            day = _day(match)
            if day is not None and field not in found:
                found[field] = Found(day, _sentence(line, match.start()))
        for match in _TAKES_EFFECT.finditer(line):
            day = _day(match)
            if day is not None and "effective" not in found:
                found["effective"] = Found(day, _sentence(line, match.start()))
    return found


def _day(match: re.Match[str]) -> str | None:
    try:
        if match.group("iso"):
            year, month, day = (int(part) for part in re.split(r"[-/.]", match.group("iso")))
        elif match.group("cjk"):
            year, month, day = (int(part) for part in re.findall(r"\d+", match.group("cjk")))
        else:
            words = re.findall(r"[A-Za-z]+|\d+", match.group("mdy") or match.group("dmy"))
            month = _MONTHS[next(w.lower() for w in words if w.lower() in _MONTHS)]
            numbers = [int(w) for w in words if w.isdigit()]
            day, year = (numbers[0], numbers[1]) if numbers[1] > 31 else (numbers[1], numbers[0])
        return dt.date(year, month, day).isoformat()
    except (ValueError, StopIteration, IndexError, KeyError):
        return None  # not a real calendar date: left for the author


def emails(text: str) -> list[Found]:
    return _unique(
        (match.group(), _sentence(line, match.start()))
        for line in text.splitlines()
        for match in EMAIL.finditer(line)
    )


def urls(text: str) -> list[Found]:
    return _unique(
        (match.group(), _sentence(line, match.start()))
        for line in text.splitlines()
        for match in _URL.finditer(line)
    )


def phones(text: str) -> list[Found]:
    """Numbers on a line that says they are a phone number (a hotline, "call us", 电话)."""
    found = []
    for line in text.splitlines():
        cue = _PHONE_CUE.search(line)
        if cue is None:
            continue
        for match in _PHONE.finditer(line, cue.start()):
            number = match.group().strip()
            digits = re.sub(r"\D", "", number)
            if 5 <= len(digits) <= 15 and not re.fullmatch(r"(?:19|20)\d\d", digits):
                found.append((number, _sentence(line, match.start())))
    return _unique(found)


def addresses(text: str) -> list[Found]:
    """Addresses a line introduces as one ("Address:", "mailing address is", 地址：)."""
    found = []
    for line in text.splitlines():
        for match in _ADDRESS.finditer(line):
            address = match.group("address").strip().rstrip(".,，")
            if re.search(r"\d", address) and not EMAIL.fullmatch(address) and not address.startswith("http"):
                found.append((address, _sentence(line, match.start())))
    return _unique(found)


def country(address: str) -> str | None:
    """The ISO 3166 code of a country the address names (its last part, or a leading 中国)."""
    import langcodes

    if address.startswith(("中国", "中华人民共和国")):
        return "CN"
    parts = [part.strip(" .") for part in re.split(r"[,，]", address) if part.strip(" .")]
    for part in reversed(parts[-2:]):
        for language in ("en", "zh"):
            try:
                return str(langcodes.find_name("territory", part, language))
            except LookupError:
                continue
    return None


def _sentence(line: str, at: int) -> str:
    """The sentence of `line` around position `at`, shortened to one readable comment."""
    start = max((line.rfind(mark, 0, at) for mark in (". ", "。", "；", "; ")), default=-1)
    start = 0 if start < 0 else start + 1
    words = " ".join(line[start:].split())
    return words if len(words) <= 160 else words[:157] + "…"


def _unique(found: object) -> list[Found]:
    seen: dict[str, Found] = {}
    for value, sentence in found:  # type: ignore[attr-defined]
        seen.setdefault(value, Found(value, sentence))
    return list(seen.values())
