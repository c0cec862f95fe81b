import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { clientIp } from "@/lib/auth/client-ip";
import { authConfig } from "@/lib/auth/config";
import { buildAuthOptions } from "@/lib/auth/options";
import { limitSignIn } from "@/lib/auth/sign-in-limit";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// /api/auth/* — next-auth (sign-in, callbacks, CSRF token, sign-out); password sign-ins are rate limited.
async function handler(request: NextRequest, context: Context): Promise<Response> {
  const rt = await runtime();
  const ip = clientIp(request.headers);
  const options = buildAuthOptions({ db: rt.handle.db, config: authConfig(rt.env), ip });
  const nextAuth = (req: Request) => NextAuth(req as NextRequest, context, options) as Promise<Response>;
  const [action, provider] = (await context.params).nextauth ?? [];
  if (request.method === "POST" && action === "callback" && provider === "credentials") return limitSignIn(request, ip, nextAuth);
  return nextAuth(request);
}

export { handler as GET, handler as POST };
