"""A local Lambda: the Invoke API, the Runtime API and an API Gateway-like HTTP front on 127.0.0.1.

The function runs in its own process under a real runtime loop (`python -m ferrolambda.runtime`
by default, or any Runtime API client such as `awslambdaric`), one invocation at a time, with
Lambda's timeout, payload limits, cold starts, crash recovery and REPORT lines. A dev-time tool:
`ferrolambda.runtime` never imports this package.
"""

from ._apigw import HttpVersion
from ._http import PortInUse
from ._report import PRICE_PER_GB_SECOND, PRICE_PER_MILLION_REQUESTS, Architecture, Report
from ._report import cost_per_million as cost_per_million
from ._server import MAX_ASYNC_PAYLOAD, MAX_SYNC_PAYLOAD, Emulator
from ._supervisor import DEFAULT_RUNTIME_MODULE, FunctionConfig, InitFailure, Outcome
from ._target import Target, TargetError, parse_target

__all__ = [
    "DEFAULT_RUNTIME_MODULE",
    "MAX_ASYNC_PAYLOAD",
    "MAX_SYNC_PAYLOAD",
    "PRICE_PER_GB_SECOND",
    "PRICE_PER_MILLION_REQUESTS",
    "Architecture",
    "Emulator",
    "FunctionConfig",
    "HttpVersion",
    "InitFailure",
    "Outcome",
    "PortInUse",
    "Report",
    "Target",
    "TargetError",
    "cost_per_million",
    "parse_target",
]
