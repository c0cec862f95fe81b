import { type NextRequest, NextResponse } from "next/server";
import { PUBLIC_PAGES } from "@/lib/auth/permissions";
import { hasSessionCookie } from "@/lib/auth/cookies";

// Next 16's middleware. Only an optimistic redirect: a visitor to a page with no session cookie is sent
// to sign in. It decides nothing else; every page, route handler and server action checks the session
// and the role itself (lib/auth/guard.ts, lib/api/handler.ts), so a forged cookie gets no further.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PAGES.includes(pathname) || hasSessionCookie(request.cookies.getAll().map((c) => c.name))) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn, 302);
}

export const config = {
  // Pages only: APIs answer 401 themselves, and assets must load on the sign-in page.
  matcher: ["/((?!api/|_next/|favicon.ico|robots.txt|.*\\.(?:png|jpg|jpeg|svg|ico|webp|txt|xml|css|js|map)$).*)"],
};
