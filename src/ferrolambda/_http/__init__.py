"""The HTTP layer behind `ferrolambda.http`: one concept per module.

- `multidict`: `MultiDict` and the case-insensitive `Headers`
- `status`: reason phrases
- `errors`: `HttpError` and RFC 9457 problem details
- `request`: `Request`
- `response`: `Response`
- `sources`: event shape detection, event -> `Request`, `Response` -> event-shaped answer
- `endpoint`: `http_handler` and the outcome -> `Response` mapping
- `router`: `Router` and `Cors`
"""
