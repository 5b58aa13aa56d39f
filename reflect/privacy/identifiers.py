"""Finding likely identifiers in free text: pure functions over strings, standard library only.

A practitioner writes about people they support, so a note can carry, by accident, something
that identifies one of them. These checks look for the identifiers that matter most in UK
mental-health services: NHS numbers (ten digits passing the modulus 11 check), dates of birth,
phone numbers, e-mail addresses, postcodes, and (in a person code) a full name.

They are deliberately a little eager: a finding is shown to the practitioner, who decides
whether to edit or keep it. Nothing is ever changed here.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date


class IdentifierKind(enum.Enum):
    NHS_NUMBER = "nhs-number"
    DATE_OF_BIRTH = "date-of-birth"
    PHONE_NUMBER = "phone-number"
    EMAIL_ADDRESS = "email-address"
    POSTCODE = "postcode"
    FULL_NAME = "full-name"

    @property
    def description(self) -> str:
        """How to speak of one: "an NHS number", "what looks like a full name"."""
        return DESCRIPTIONS[self]


DESCRIPTIONS = {
    IdentifierKind.NHS_NUMBER: "an NHS number",
    IdentifierKind.DATE_OF_BIRTH: "a date that may be a date of birth",
    IdentifierKind.PHONE_NUMBER: "a phone number",
    IdentifierKind.EMAIL_ADDRESS: "an e-mail address",
    IdentifierKind.POSTCODE: "a postcode",
    IdentifierKind.FULL_NAME: "what looks like a full name",
}


@dataclass(frozen=True)
class Finding:
    """A likely identifier: its kind and exactly the text found, at text[start:end]."""

    kind: IdentifierKind
    text: str
    start: int
    end: int


# Text as pasted from a record system ------------------------------------------------------

SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
"""Non-breaking, thin, figure and other spaces that record systems and word processors paste."""
HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"


def _folded(character: str) -> str:
    if character in SPACES:
        return " "
    if character in HYPHENS:
        return "-"
    if not character.isascii():
        if character.isdecimal():
            return str(unicodedata.decimal(character))  # full-width and other scripts' digits
        width_folded = unicodedata.normalize("NFKC", character)
        if len(width_folded) == 1 and width_folded.isascii():
            return width_folded  # full-width letters and punctuation: "ＳＷ１Ａ" is SW1A
    return character


def fold(text: str) -> str:
    """The text with look-alike spaces, hyphens, digits and full-width letters as their ASCII forms.

    One character for one, so that a finding's place in the folded text is its place in the text
    as written, and what is shown to the practitioner is exactly what they wrote.
    """
    return "".join(_folded(character) for character in text) if not text.isascii() else text


# NHS numbers ------------------------------------------------------------------------------

# Digits in groups with one kind of separator (or none) between them; only the groupings NHS
# numbers are written in count (943 476 5919, 94347 65919, 943 476 59 19, 9434765919), so that a
# run of scores ("12 14 16 18 20") is not taken for one.
NHS_CANDIDATE = re.compile(r"(?<![\w+.-])\d+(?:[ .-]?\d+)*(?![\w]|[.-]\d)")
NHS_GROUPINGS = {(10,), (3, 3, 4), (5, 5), (3, 3, 2, 2)}
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def is_valid_nhs_number(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check (and are not all the same digit)."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, NHS_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> list[Finding]:
    found = []
    for match in NHS_CANDIDATE.finditer(text):
        candidate = match.group()
        groups = re.split(r"[ .-]", candidate)
        separators = {character for character in candidate if not character.isdigit()}
        if tuple(map(len, groups)) not in NHS_GROUPINGS or len(separators) > 1:
            continue  # "123 456-7890" mixes its separators: not how an NHS number is written
        digits = "".join(groups)
        if is_valid_nhs_number(digits):
            found.append(Finding(IdentifierKind.NHS_NUMBER, candidate, match.start(), match.end()))
    return found


# Phone numbers ----------------------------------------------------------------------------

# Digits with the spaces, hyphens, dots and brackets people write between them.
PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \-.()]{7,18}\d(?![\w])")
UK_NUMBER_STARTS = "123578"
"""After the leading 0 (or +44): geographic 1 and 2, non-geographic 3, mobile 7, freephone 8, 5."""


def _is_uk_phone_number(candidate: str) -> bool:
    compact = re.sub(r"[ \-.]", "", candidate)
    if compact.count("(") != compact.count(")"):
        return False
    compact = compact.replace("(0)", "")
    digits = compact.replace("(", "").replace(")", "")
    if digits.startswith("+44"):
        national = digits[3:]
    elif digits.startswith("0044"):
        national = digits[4:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return False
    return national.isdigit() and len(national) in (9, 10) and national[0] in UK_NUMBER_STARTS


def _phone_numbers(text: str) -> list[Finding]:
    found = []
    for match in PHONE_CANDIDATE.finditer(text):
        candidate, start = match.group().rstrip(" -."), match.start()
        # A bracket around the whole number belongs to the sentence: "(07700 900123)".
        if candidate.startswith("(") and candidate.count("(") > candidate.count(")"):
            candidate, start = candidate[1:], start + 1
        while candidate.endswith(")") and candidate.count(")") > candidate.count("("):
            candidate = candidate[:-1]
        if _is_uk_phone_number(candidate):
            found.append(Finding(IdentifierKind.PHONE_NUMBER, candidate, start, start + len(candidate)))
    return found


# E-mail addresses -------------------------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")


def _email_addresses(text: str) -> list[Finding]:
    return [Finding(IdentifierKind.EMAIL_ADDRESS, m.group(), m.start(), m.end()) for m in EMAIL.finditer(text)]


# Postcodes --------------------------------------------------------------------------------

# The outward code (area letters, district) and inward code (sector digit, two unit letters),
# with the letters each position can hold. Lower case is accepted with the space, as people type.
_OUTWARD = r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
POSTCODE_SPACED = re.compile(rf"(?<![\w])(?:{_OUTWARD} {_INWARD}|GIR 0AA)(?![\w])", re.IGNORECASE)
# Without the space too, in either case: "sw1a1aa". The unit letters leave out C, I, K, M, O and V,
# so doses ("10mg", "5ml") and scores are not taken for one.
POSTCODE_COMPACT = re.compile(rf"(?<![\w])(?:{_OUTWARD}{_INWARD}|GIR0AA)(?![\w])", re.IGNORECASE)


def _postcodes(text: str) -> list[Finding]:
    found = [Finding(IdentifierKind.POSTCODE, m.group(), m.start(), m.end()) for m in POSTCODE_SPACED.finditer(text)]
    found += [Finding(IdentifierKind.POSTCODE, m.group(), m.start(), m.end()) for m in POSTCODE_COMPACT.finditer(text)]
    return found


# Dates of birth ---------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "(?P<month_name>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
DATE_FORMS = [
    # 14/03/1985, 14-3-85, 14.03.1985 (day first, as in the UK)
    r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})",
    # 1985-03-14
    r"(?P<year4>\d{4})-(?P<month_iso>\d{1,2})-(?P<day_iso>\d{1,2})",
    # 03-Mar-1985, 03/Mar/85, 3.mar.1985 (as record systems print them)
    rf"(?P<day_mid>\d{{1,2}})(?P<sep_mid>[/.-])(?P<month_name_mid>{'|'.join(sorted(MONTHS, key=len, reverse=True))})(?P=sep_mid)(?P<year_mid>\d{{4}}|\d{{2}})",
    # 14 March 1985, 14th of Mar 1985
    rf"(?P<day_text>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(?P<year_text>\d{{4}})",
    # March 14, 1985
    rf"(?P<month_name_first>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+(?P<day_after>\d{{1,2}}){_ORDINAL},?\s+(?P<year_after>\d{{4}})",
]
DATE = re.compile(r"(?<![\w/.-])(?:" + "|".join(f"(?:{form})" for form in DATE_FORMS) + r")(?![\w/])", re.IGNORECASE)
BIRTH_WORDS = re.compile(r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bborn\b(?:\s+on)?|\bbirthday\b|\bbday\b)[\s:,-]*$", re.IGNORECASE)
YOUNGEST_AGE = 10
"""A date at least this many years ago, written in full, may be a date of birth."""
OLDEST_AGE = 120


def _as_date(match: re.Match[str], today: date) -> tuple[date | None, bool]:
    """The date a match names (None if it is not a real date), and whether its year had four digits."""
    groups = match.groupdict()
    if groups["day"]:
        day, month, year_text = int(groups["day"]), int(groups["month"]), groups["year"]
    elif groups["year4"]:
        day, month, year_text = int(groups["day_iso"]), int(groups["month_iso"]), groups["year4"]
    elif groups["day_mid"]:
        day, month, year_text = int(groups["day_mid"]), MONTHS[groups["month_name_mid"].lower()], groups["year_mid"]
    elif groups["day_text"]:
        day, month, year_text = int(groups["day_text"]), MONTHS[groups["month_name"].lower()], groups["year_text"]
    else:
        day, month, year_text = int(groups["day_after"]), MONTHS[groups["month_name_first"].lower()], groups["year_after"]
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    try:
        return date(year, month, day), len(year_text) == 4
    except ValueError:
        return None, False


def _dates_of_birth(text: str, today: date) -> list[Finding]:
    found = []
    for match in DATE.finditer(text):
        named, four_digit_year = _as_date(match, today)
        if named is None or named > today:
            continue
        after_birth_words = BIRTH_WORDS.search(text[max(0, match.start() - 40) : match.start()]) is not None
        age = today.year - named.year
        long_ago = four_digit_year and YOUNGEST_AGE <= age <= OLDEST_AGE
        if after_birth_words or long_ago:
            found.append(Finding(IdentifierKind.DATE_OF_BIRTH, match.group(), match.start(), match.end()))
    return found


# Full names (in a person code) ------------------------------------------------------------

NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*\.?$")


def looks_like_full_name(code: str) -> bool:
    """Whether a person code reads like someone's name ("Jane Smith", "j. o'neil"), not a pseudonym ("JB-12").

    Two to four words of letters, at least two of them with two letters or more (or an initial
    and a capitalised surname), and not just a few capitals such as initials ("JB KT").
    """
    words = code.split()
    if not 2 <= len(words) <= 4 or not all(NAME_WORD.match(word) for word in words):
        return False
    letters = [sum(character.isalpha() for character in word) for word in words]
    if all(word.isupper() and count <= 3 for word, count in zip(words, letters)):
        return False
    longer = sum(count >= 2 for count in letters)
    initial_and_surname = any(count == 1 for count in letters) and any(
        count >= 3 and word[0].isupper() for word, count in zip(words, letters)
    )
    return longer >= 2 or initial_and_surname


# Together ---------------------------------------------------------------------------------

PRECEDENCE = [
    IdentifierKind.EMAIL_ADDRESS,
    IdentifierKind.NHS_NUMBER,
    IdentifierKind.PHONE_NUMBER,
    IdentifierKind.DATE_OF_BIRTH,
    IdentifierKind.POSTCODE,
]
"""When two findings overlap, the earlier kind here is the one reported."""


def find_identifiers(text: str, *, today: date | None = None) -> list[Finding]:
    """Likely identifiers in free text, in the order they appear; overlapping ones reported once.

    `today` decides which dates are long enough ago to be a date of birth (default: today).
    """
    if not text:
        return []
    today = today or date.today()
    folded = fold(text)
    candidates = [
        *_email_addresses(folded),
        *_nhs_numbers(folded),
        *_phone_numbers(folded),
        *_dates_of_birth(folded, today),
        *_postcodes(folded),
    ]
    candidates.sort(key=lambda finding: (PRECEDENCE.index(finding.kind), finding.start))
    kept: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= other.start or finding.start >= other.end for other in kept):
            kept.append(finding)
    # Reported as written, not as folded: the practitioner must recognise what they typed.
    return [Finding(f.kind, text[f.start : f.end], f.start, f.end) for f in sorted(kept, key=lambda finding: finding.start)]


def find_in_person_code(code: str, *, today: date | None = None) -> list[Finding]:
    """Likely identifiers in a person code: everything free text is checked for, and a full name."""
    stripped = code.strip()
    if stripped and looks_like_full_name(stripped):
        start = code.index(stripped)
        return [Finding(IdentifierKind.FULL_NAME, stripped, start, start + len(stripped))]
    return find_identifiers(code, today=today)
