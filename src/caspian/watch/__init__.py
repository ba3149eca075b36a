"""The analyst's day (issue 15): watchlists matched as ingest stores articles (`match`), their
deliveries by Atom feed, webhook and e-mail (`deliver`), feed polling (`poll`) and the daily
digest (`digest`). What is kept lives in the knowledge base (`caspian.kb.watch`)."""
