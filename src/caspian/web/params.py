"""Query parameters that the API and the pages share, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

from caspian.kb.facts import FactFilter

Text = Annotated[str | None, Query(max_length=300)]
DateParam = Annotated[str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD.")]


@dataclass
class FactFilters:
    """The facts filters of `/api/facts` and `/facts` (a FastAPI dependency: `Depends(FactFilters)`)."""

    commodity: Text = None
    metric: Text = None
    geo: Text = None
    modality: Text = None
    period: Text = None
    unit: Text = None
    since: DateParam = None
    until: DateParam = None

    def chosen(self) -> dict[str, str | None]:
        """The field filters (not the dates), in the order the facts page shows them."""
        return {
            "commodity": self.commodity,
            "metric": self.metric,
            "geo": self.geo,
            "modality": self.modality,
            "period": self.period,
            "unit": self.unit,
        }

    def to_filter(self, article: str | None = None) -> FactFilter:
        """The read model's filter: these fields, and one article's facts when `article` is given."""
        return FactFilter(**self.chosen(), since=self.since, until=self.until, article=article)
