"""A plan someone follows, as the database and the session both keep it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..models import PlanFollow


@dataclass(frozen=True)
class Following:
    """A plan someone follows: what they aimed at, and the first layout's pace to compare with."""

    plan_id: int
    interview_date: date
    minutes_per_day: int
    started_on: date
    baseline: tuple[int, ...]

    def as_json(self) -> dict:
        return {
            "plan": self.plan_id,
            "interview": self.interview_date.isoformat(),
            "minutes": self.minutes_per_day,
            "started_on": self.started_on.isoformat(),
            "baseline": list(self.baseline),
        }

    @classmethod
    def from_json(cls, data: dict) -> Following:
        return cls(
            data["plan"],
            date.fromisoformat(data["interview"]),
            data["minutes"],
            date.fromisoformat(data["started_on"]),
            tuple(data["baseline"]),
        )

    @classmethod
    def from_row(cls, row: PlanFollow) -> Following:
        return cls(row.plan_id, row.interview_date, row.minutes_per_day, row.started_on, tuple(row.baseline))

    def start_for(self, user) -> PlanFollow:
        """Follow this plan in the account, ending the one followed before."""
        return PlanFollow.start(
            user,
            plan_id=self.plan_id,
            interview_date=self.interview_date,
            minutes_per_day=self.minutes_per_day,
            started_on=self.started_on,
            baseline=list(self.baseline),
        )
