"""Training and evaluation of the recognisers, apart from the runtime backends (which never import it).

`corpora` reads the public NER sets, `encoding` turns samples into subword ids and tags, `train`
fine-tunes the e5 token classifier, `fast` trains the fast backend's spaCy models, `scoring`
measures spans and throughput and `factru` scores FactRuEval-2016 as naeval does.
"""
