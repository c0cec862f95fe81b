// Structured JSON logs, one object per line, so they can be shipped and queried without parsing prose.
type Fields = Record<string, unknown>;

function write(level: "info" | "warn" | "error", message: string, fields?: Fields) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  // Standard error, so a command's standard output stays clean for its result (e.g. a new API key).
  process.stderr.write(`${line}\n`);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
