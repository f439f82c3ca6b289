"""Which rules run: --select and --ignore by code or prefix, as flake8 and ruff decide."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RuleSelection(BaseModel):
    """Which rules run: codes or prefixes; the longest matching prefix wins, ignore on a tie."""

    model_config = ConfigDict(frozen=True)

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        # Without --select every rule is selected, as if by the empty prefix.
        best_select = max(
            (len(p) for p in self.select if code.startswith(p)), default=-1 if self.select else 0
        )
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select >= 0 and best_select > best_ignore
