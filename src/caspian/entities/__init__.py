"""Entities: the gazetteer and its data, matching, roles, text folding and resolution.

`annotator` finds the gazetteer's mentions (and the rule-based ones), `resolve` turns mentions into
one canonical record each. Recognition by a model is `caspian.ner`'s, which builds on this package
(never the reverse); `caspian.stages.entities` puts them together.
"""
