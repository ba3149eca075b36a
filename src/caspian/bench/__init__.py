"""Benchmarks, all in one place: ingest throughput (`ingest`), one stage's speed (`entities`,
`facts`), search latency at scale (`search`) and the web server under load (`web`). Each returns a
flat dict of numbers that `caspian bench ...` prints; none is a test."""
