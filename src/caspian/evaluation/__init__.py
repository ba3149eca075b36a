"""Accuracy: the pipeline against gold files (`gold`), quantities against NewsQuant (`quantities`),
cross-lingual retrieval on Tatoeba (`retrieval`) and story clustering on our story set (`stories`)."""
