import { defineConfig } from "drizzle-kit";

// Migrations are generated offline from db/schema.ts and committed; triggers and grants are hand-written SQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
