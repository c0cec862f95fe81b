import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and a data bundle it loads from its own folder; postgres.js and pdfkit read
  // files at run time too. Keep them as real node_modules rather than bundling them.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
