import { route } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

// GET /api/v1/ledger/public-key — public on purpose: anyone holding a checkpoint must be able to check it.
export const GET = route(async ({ runtime }) => {
  const { key } = runtime.ledger;
  return Response.json({
    name: key.name,
    algorithm: "Ed25519",
    verifierKey: key.verifierKey,
    publicKeyPem: key.publicKey.export({ type: "spki", format: "pem" }).toString(),
  });
});
