"""A sequence whose items are made from their index the first time they are asked for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class LazySequence(Sequence[T]):
    """``length`` items, item ``i`` being ``make(i)``, made once and only when asked for: a
    focused check looks at few of 30,000 prompts, and cross-file rules mostly count questions."""

    def __init__(self, length: int, make: Callable[[int], T]) -> None:
        self._length, self._make = length, make
        self._made: dict[int, T] = {}

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(self._length)[index]]
        i = range(self._length)[index]  # IndexError as a list gives it; negative indexes work
        if i not in self._made:
            self._made[i] = self._make(i)
        return self._made[i]
