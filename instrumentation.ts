// Runs once when the Next server starts: migrate the database and start the checkpoint timer, so the
// first request never pays for either and a fresh start is ready before it serves traffic.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerTasks } = await import("./lib/server-tasks");
  await startServerTasks();
}
