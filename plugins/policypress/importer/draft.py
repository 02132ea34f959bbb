"""Turn an Outline into a draft policy file: sections in the source's order with their text
intact, the facts the text states offered as fields with the sentence they came from, and a
marked TODO wherever only the author can say."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from .. import __version__
from . import facts
from .outline import Body, Heading, Outline

TODO = "TODO"


@dataclass
class Options:
    policy: str
    source_name: str
    language: str | None = None
    version: str = "1"
    org: str | None = None
    schema_reference: str | None = None  # the schema's path from the output file, for editors


@dataclass
class _Section:
    title: str
    level: int
    text: list[str] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


def build(outline: Outline, options: Options) -> CommentedMap:
    """The draft as ruamel data with its comments (yamlwrite.dump writes it)."""
    everything = "\n\n".join(
        block.markdown if isinstance(block, Body) else block.title for block in outline.blocks
    )
    language = options.language or facts.language((outline.title or "") + everything)
    title, title_from, blocks = _title(outline)
    found_dates = facts.dates(everything)
    draft = CommentedMap()
    header = [f"yaml-language-server: $schema={options.schema_reference}"] if options.schema_reference else []
    header += [
        f"Imported from {options.source_name} by policypress import {__version__}: a draft.",
        "Check every value against the source before you publish; search for TODO.",
        *(f"Note: {note}" for note in outline.notes),
    ]
    draft.yaml_set_start_comment("\n".join(header))
    draft["policy"] = options.policy
    draft["version"] = DoubleQuotedScalarString(options.version)
    draft["language"] = language
    if options.language is None:
        draft.yaml_add_eol_comment(f"detected from the text's script; {TODO} check", "language")
    draft["title"] = title or f"{TODO}: the policy's title as published"
    if title:
        draft.yaml_add_eol_comment(f"from {title_from}", "title")
    draft["status"] = "draft"
    draft.yaml_add_eol_comment("publish only when every TODO is done", "status")
    published = found_dates.get("published")
    if published:
        draft["published"] = published.value
        draft.yaml_add_eol_comment(f'from: "{published.sentence}"', "published")
    effective = found_dates.get("effective")
    draft["effective"] = effective.value if effective else None
    draft.yaml_add_eol_comment(
        f'from: "{effective.sentence}"'
        if effective
        else f"{TODO}: no effective date found; write YYYY-MM-DD, or leave null if the policy states none",
        "effective",
    )
    draft["controlling_language"] = language
    draft["controller"] = _controller(everything, options)
    draft["sections"] = _sections(blocks, title, everything)
    return draft


def _title(outline: Outline) -> tuple[str | None, str, list[Heading | Body]]:
    """The policy's title, where it was found, and the blocks left for sections: a lone
    top-level heading at the start is the title, not a section."""
    blocks = list(outline.blocks)
    headings = [block for block in blocks if isinstance(block, Heading)]
    top = min((heading.level for heading in headings), default=0)
    first = blocks[0] if blocks else None
    lone = [heading for heading in headings if heading.level == top]
    if isinstance(first, Heading) and len(lone) == 1 and len(headings) > 1 and lone[0] is first:
        blocks = blocks[1:]
        return outline.title or first.title, outline.title_from or "the first heading", blocks
    return outline.title, outline.title_from, blocks


def _controller(text: str, options: Options) -> CommentedMap:
    controller = CommentedMap()
    org_id = _slug(options.org) if options.org else options.policy
    controller["id"] = org_id or options.policy
    controller["name"] = options.org or f"{TODO}: the name readers know the organization by"
    controller["legal_name"] = (
        f"{TODO}: the legal name as the policy states it; or null, with unnamed_note, if it names none"
    )
    addresses = CommentedSeq()
    unplaced: list[facts.Found] = []
    for number, found in enumerate(facts.addresses(text), start=1):
        country = facts.country(found.value)
        if country is None:
            unplaced.append(found)
            continue
        address = CommentedMap(id=f"address-{number}", lines=[found.value], country=country)
        address.yaml_add_eol_comment(f'from: "{found.sentence}"', "id")
        addresses.append(address)
    if addresses:
        controller["addresses"] = addresses
    contacts = CommentedSeq()
    ids: set[str] = set()
    for found in facts.emails(text):
        contact = CommentedMap(id=_unique(f"email-{_slug(found.value.split('@')[0]) or 'address'}", ids))
        contact["kind"] = "email"
        contact["value"] = found.value
        contact.yaml_add_eol_comment(f'from: "{found.sentence}"', "value")
        contacts.append(contact)
    for number, found in enumerate(facts.phones(text), start=1):
        contact = CommentedMap(id=_unique(f"phone-{number}", ids), kind="phone", value=found.value)
        contact.yaml_add_eol_comment(f'from: "{found.sentence}"', "value")
        contacts.append(contact)
    if contacts:
        controller["contacts"] = contacts
    notes = [f'{TODO}: an address without a country the text names: "{found.value}"' for found in unplaced]
    urls = facts.urls(text)
    if urls:
        notes.append("Addresses of the web the text gives; add those that are ways to reach you as")
        notes.append("contacts (kind: website or web-form):")
        notes += [f"  {found.value}" for found in urls[:20]]
    if notes:
        controller.yaml_set_comment_before_after_key("legal_name", after="\n".join(notes), after_indent=2)
    return controller


def _sections(blocks: list[Heading | Body], title: str | None, text: str) -> CommentedSeq:
    top = min((block.level for block in blocks if isinstance(block, Heading)), default=1)
    root = _Section("", 0)
    stack = [root]
    for block in blocks:
        if isinstance(block, Heading):
            level = block.level - top + 1
            while stack[-1].level >= level:
                stack.pop()
            section = _Section(block.title, level)
            stack[-1].children.append(section)
            stack.append(section)
        elif stack[-1] is root:
            preamble = _Section(title or "", 1, [block.markdown])
            root.children.append(preamble)
            stack.append(preamble)
        else:
            stack[-1].text.append(block.markdown)
    if not root.children:
        root.children.append(_Section(title or "", 1))
    ids: set[str] = set()
    sections = CommentedSeq(_section(child, [index], ids) for index, child in enumerate(root.children, 1))
    first_email = next(iter(facts.emails(text)), None)
    shown = _showing_contacts(sections, first_email.value if first_email else None)
    shown["shows"] = ["controller"]
    shown.yaml_add_eol_comment(
        "the controller's details are shown here; move them if they belong elsewhere", "shows"
    )
    return sections


def _section(section: _Section, position: list[int], ids: set[str]) -> CommentedMap:
    item = CommentedMap()
    item["id"] = _unique(
        _slug(section.title, numbering=True) or "section-" + "-".join(map(str, position)), ids
    )
    if section.title:  # text before the first heading stays untitled: a heading is never invented
        item["title"] = section.title
    if section.text:
        item["text"] = _markdown("\n\n".join(section.text))
    elif not section.children:
        item["text"] = f"{TODO}: the source has no text under this heading"
    if section.children:
        item["sections"] = CommentedSeq(
            _section(child, [*position, index], ids) for index, child in enumerate(section.children, 1)
        )
    return item


def _showing_contacts(sections: CommentedSeq, email: str | None) -> CommentedMap:
    """The section that gives the first e-mail address (else the last section)."""
    found: list[CommentedMap] = []

    def walk(items: CommentedSeq) -> None:
        for item in items:
            if email and email in str(item.get("text", "")):
                found.append(item)
            walk(item.get("sections", CommentedSeq()))

    walk(sections)
    return found[0] if found else sections[-1]


def _markdown(text: str) -> Any:
    """Text as a literal block when it has several lines (each line as written)."""
    return LiteralScalarString(text) if "\n" in text else text


_NUMBERING = re.compile(
    r"^\s*(?:[0-9]+(?:[.．][0-9]+)*[.．、)]?|[（(][0-9]+[）)]|(?:article|section|chapter|part)\s+[0-9ivxlc]+[.:]?)\s*",
    re.IGNORECASE,
)


_CJK_NUMBERING = re.compile(
    r"^\s*(?:第[〇零一二三四五六七八九十百千两0-9]+[章编条節节]|[〇零一二三四五六七八九十百千两]+[、.．]"
    r"|[（(][〇零一二三四五六七八九十百千两0-9]+[）)])\s*"
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _slug(words: str | None, *, numbering: bool = False) -> str:
    """An id from the ASCII words of a title: lower case, hyphens, at most six words."""
    if not words:
        return ""
    if numbering:
        words = _NUMBERING.sub("", _CJK_NUMBERING.sub("", words))
    if _HAN.search(words):  # a Chinese title: its pinyin, so that the id stays when sections move
        from pypinyin import Style, lazy_pinyin

        words = " ".join(lazy_pinyin(words, style=Style.NORMAL, errors="ignore"))
    parts = re.findall(r"[a-z0-9]+", words.lower())
    return "-".join(parts[:6])[:64].strip("-")


def _unique(candidate: str, ids: set[str]) -> str:
    chosen, number = candidate, 2
    while chosen in ids:
        chosen = f"{candidate}-{number}"
        number += 1
    ids.add(chosen)
    return chosen
