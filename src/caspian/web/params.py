"""Query parameters that the API and the pages share, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

from caspian.web import queries as q

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

    def conditions(self, article: str | None = None) -> list[Any]:
        return q.fact_conditions({**self.chosen(), "article": article}, self.since, self.until)
