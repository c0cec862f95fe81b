import type { cases } from "@/db/schema";

/** A complete case row as the projector writes it (every column set, none defaulted). */
export type NewCaseRowInput = Required<Omit<typeof cases.$inferInsert, never>>;
