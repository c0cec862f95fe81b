import type { NextConfig } from "next";
import { HSTS, securityHeaders } from "./lib/security-headers";

const dev = process.env.NODE_ENV !== "production";

const nextConfig: NextConfig = {
  // Benchmarks build into a directory of their own, so a measured server never shares `.next` with a
  // test run or a developer's build on the same machine.
  distDir: process.env.WARRANT_NEXT_DIST_DIR || ".next",
  // PGlite ships WASM and a data bundle it loads from its own folder; postgres.js and pdfkit read
  // files at run time too. Keep them as real node_modules rather than bundling them.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pdfkit"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as its own step; checking again inside
  // every build would only repeat that work.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // forbidden(): a signed-in person without the role gets a real 403 and the "not allowed" page.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders(dev) },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS] },
    ];
  },
};

export default nextConfig;
