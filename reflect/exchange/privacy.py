"""Keeping the people supported out of what is shared: person codes out of free text.

The masking itself is pure code in reflect.privacy.person_codes; the names stay here for the
file formats and reports that import them.
"""

from reflect.privacy.person_codes import PERSON_PLACEHOLDER, PersonCodes, person_code_pattern, without_person_codes

__all__ = ["PERSON_PLACEHOLDER", "PersonCodes", "person_code_pattern", "without_person_codes"]
