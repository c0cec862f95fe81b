/**
 * A JSON answer as plain data, not yet a web Response. The ingest handlers answer with it: the ingest
 * listener (lib/ingest/listener.ts) writes it straight to Node's response, where building a Response
 * (a body stream, its headers) only to read the body back cost the listener a twentieth of its time on
 * single-event requests (docs/benchmarks.md). Next's routes get a Response made from it (`toResponse`).
 */
export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What a route handler answers with: a Response, or a JSON answer still as data. */
export type Answer = Response | JsonAnswer;

export function jsonAnswer(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): JsonAnswer {
  return { status: init.status ?? 200, headers: { ...init.headers }, body };
}

// `instanceof Response` holds across Next's bundles: Response is the runtime's one global class.
export function isResponse(answer: Answer): answer is Response {
  return answer instanceof Response;
}

/** The answer as a Response, as Next's route handlers must return it (`Response.json`'s own content type). */
export function toResponse(answer: Answer): Response {
  return isResponse(answer) ? answer : Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

/** Sets a header on either kind of answer; false when a Response's headers are immutable (Response.redirect). */
export function setAnswerHeader(answer: Answer, name: string, value: string): boolean {
  if (!isResponse(answer)) {
    answer.headers[name] = value;
    return true;
  }
  try {
    answer.headers.set(name, value);
    return true;
  } catch {
    return false;
  }
}
