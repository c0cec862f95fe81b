import { buildOpenApiDocument } from "@/lib/events/openapi";

export const dynamic = "force-static";

// GET /api/v1/openapi.json — the OpenAPI 3.1 document, generated from the zod contract.
export function GET() {
  return Response.json(buildOpenApiDocument());
}
