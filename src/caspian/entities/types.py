"""The entity types of PRODUCT.md (PER is spelled PERSON there): the gazetteer's entries and every
recogniser's spans are typed with these."""

from __future__ import annotations

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "LOCATION", "FACILITY", "EVENT", "DOCUMENT")
