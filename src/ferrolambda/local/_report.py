"""REPORT lines like Lambda's, memory high-water marks, and what a million invocations would cost."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Architecture = Literal["x86_64", "arm64"]

# AWS Lambda on-demand list prices in us-east-1 (USD): compute per GB-second by architecture,
# plus requests. Other regions and tiered (volume) discounts differ.
PRICE_PER_GB_SECOND: dict[Architecture, float] = {
    "x86_64": 0.0000166667,
    "arm64": 0.0000133334,
}
PRICE_PER_MILLION_REQUESTS = 0.20


def billed_duration_ms(duration_ms: float, init_ms: float | None = None) -> int:
    """Lambda bills whole milliseconds, rounded up, at least 1.

    Since August 2025 Lambda bills the INIT phase of on-demand invocations on every runtime, so a
    cold start's billed duration includes its init duration.
    """
    total = duration_ms + (init_ms or 0.0)
    return max(1, math.ceil(round(total, 6)))


def cost_per_million(billed_ms: int, memory_mb: int, architecture: Architecture) -> float:
    """USD for one million invocations each billed `billed_ms` at `memory_mb` (us-east-1 list prices)."""
    gb_seconds = (billed_ms / 1000.0) * (memory_mb / 1024.0)
    return 1_000_000 * gb_seconds * PRICE_PER_GB_SECOND[architecture] + PRICE_PER_MILLION_REQUESTS


def max_memory_mb(pid: int) -> int | None:
    """The process's peak resident set size (VmHWM) in MB, or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    kilobytes = int(line.split()[1])
                    return max(1, math.ceil(kilobytes / 1024))
    except (OSError, ValueError, IndexError):
        return None
    return None


@dataclass(frozen=True)
class Report:
    """One invocation's measurements, printed as Lambda's REPORT line."""

    request_id: str
    duration_ms: float
    memory_size_mb: int
    max_memory_used_mb: int | None
    init_duration_ms: float | None = None
    status: str | None = None  # "timeout" or "error" for platform failures, as Lambda prints
    error_type: str | None = None

    @property
    def billed_duration_ms(self) -> int:
        return billed_duration_ms(self.duration_ms, self.init_duration_ms)

    def line(self) -> str:
        """`REPORT RequestId: ...\\tDuration: 12.34 ms\\tBilled Duration: 13 ms\\t...`."""
        used = self.max_memory_used_mb if self.max_memory_used_mb is not None else 0
        fields = [
            f"REPORT RequestId: {self.request_id}",
            f"Duration: {self.duration_ms:.2f} ms",
            f"Billed Duration: {self.billed_duration_ms} ms",
            f"Memory Size: {self.memory_size_mb} MB",
            f"Max Memory Used: {used} MB",
        ]
        if self.init_duration_ms is not None:
            fields.append(f"Init Duration: {self.init_duration_ms:.2f} ms")
        if self.status is not None:
            fields.append(f"Status: {self.status}")
            if self.error_type is not None:
                fields.append(f"Error Type: {self.error_type}")
        return "\t".join(fields)

    def cost_line(self, architecture: Architecture) -> str:
        """What a million invocations like this one would cost, at us-east-1 list prices."""
        billed = self.billed_duration_ms
        total = cost_per_million(billed, self.memory_size_mb, architecture)
        compute = total - PRICE_PER_MILLION_REQUESTS
        return (
            f"COST 1M invocations like this ({billed} ms billed, {self.memory_size_mb} MB, "
            f"{architecture}): ${total:.4f} = ${compute:.4f} compute + "
            f"${PRICE_PER_MILLION_REQUESTS:.2f} requests (us-east-1 list prices)"
        )
