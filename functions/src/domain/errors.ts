/**
 * Typed failures shared by every layer. Services and repositories throw these; the HTTP edge maps each to one
 * problem+json status in one place (platform/problem.ts). Anything else is an unexpected error (500).
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `items.2.dueAt`; empty for the body itself. */
  path: string;
  message: string;
}

export abstract class ProblemError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** Seconds a client should wait before retrying (429/503). */
  retryAfterSeconds?: number;

  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

export class InvalidInput extends ProblemError {
  readonly status = 400;
  readonly title = 'Invalid input';
  constructor(
    readonly issues: FieldIssue[],
    detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
  ) {
    super(detail);
  }
}

export class NotFound extends ProblemError {
  readonly status = 404;
  readonly title = 'Not found';
  constructor(what = 'The resource') {
    super(`${what} does not exist or is not visible to you.`);
  }
}

export class Forbidden extends ProblemError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class Conflict extends ProblemError {
  readonly status = 409;
  readonly title = 'Conflict';
}

/** If-Match named a version that is no longer current: someone else wrote first. */
export class PreconditionFailed extends ProblemError {
  readonly status = 412;
  readonly title = 'Precondition failed';
  constructor(detail = 'The resource changed since you read it. Read it again and reapply your change.') {
    super(detail);
  }
}

export class PreconditionRequired extends ProblemError {
  readonly status = 428;
  readonly title = 'Precondition required';
  constructor(detail = 'Send If-Match with the ETag you read, so a concurrent change is not overwritten.') {
    super(detail);
  }
}

export class Unprocessable extends ProblemError {
  readonly status = 422;
  readonly title = 'Unprocessable request';
}

/** The store is throttling us (Cosmos 429) or briefly unavailable: the client should retry later. */
export class Unavailable extends ProblemError {
  readonly status = 503;
  readonly title = 'Service busy';
  constructor(detail: string, retryAfterSeconds = 1) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Missing, malformed or untrusted access token. The detail says which check failed, never more. */
export class Unauthorized extends ProblemError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class PayloadTooLarge extends ProblemError {
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class UnsupportedMediaType extends ProblemError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
}
