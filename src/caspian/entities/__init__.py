"""Entities: recognition (backends by name, `caspian.nlp.ner`), the gazetteer, roles and resolution.

`caspian.stages.entities` puts them together; the default backend, `gazetteer`, lives in
`caspian.entities.recognizer`.
"""
