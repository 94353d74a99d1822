"""A Step Functions task with typed input and output: `{"url"}` in, `{"issue_number"}` out.

Errors are values with an `error_type`: Lambda reports it as the `errorType` of the function
error, so the state machine can `Retry` or `Catch` it by name (see template.yaml).
The issue tracker is injected, so the example runs offline; swap in a real GitHub client.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from pydantic import BaseModel, HttpUrl

from ferrolambda import Err, LambdaEvent, Ok, Result, lambda_handler


class CreateIssueRequest(BaseModel):
    url: HttpUrl


class CreateIssueResponse(BaseModel):
    issue_number: int


class NotARepository(Exception):
    """The URL is not a GitHub repository's URL: retrying will not help."""

    error_type = "NotARepository"


class TrackerUnavailable(Exception):
    """The issue tracker could not be reached: worth retrying."""

    error_type = "TrackerUnavailable"


class Repository(NamedTuple):
    owner: str
    name: str


class IssueTracker(Protocol):
    def create_issue(self, repo: Repository, title: str) -> Result[int, TrackerUnavailable]:
        """Open an issue and return its number."""
        ...


class OfflineTracker:
    """Numbers issues per repository from 1, as GitHub does, without any network call."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def create_issue(self, repo: Repository, title: str) -> Result[int, TrackerUnavailable]:
        key = f"{repo.owner}/{repo.name}".lower()
        self._last[key] = self._last.get(key, 0) + 1
        return Ok(self._last[key])


tracker: IssueTracker = OfflineTracker()


def repository_of(url: HttpUrl) -> Result[Repository, NotARepository]:
    """`https://github.com/{owner}/{name}[/...]` -> `Repository(owner, name)`."""
    if url.host not in ("github.com", "www.github.com"):
        return Err(NotARepository(f"{url} is not a GitHub URL"))
    match [part for part in (url.path or "").split("/") if part]:
        case [owner, name, *_]:
            return Ok(Repository(owner, name.removesuffix(".git")))
        case _:
            return Err(NotARepository(f"{url} does not name a repository"))


@lambda_handler
def handler(
    event: LambdaEvent[CreateIssueRequest],
) -> Result[CreateIssueResponse, NotARepository | TrackerUnavailable]:
    url = event.payload.url
    return (
        repository_of(url)
        .and_then(lambda repo: tracker.create_issue(repo, f"Link reported: {url}"))
        .map(lambda number: CreateIssueResponse(issue_number=number))
    )
