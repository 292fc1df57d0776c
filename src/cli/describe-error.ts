/** Turns an unexpected error into one line for an operator: what went wrong and what to do, never a stack trace. */

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const { address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    const where = `${address ?? '127.0.0.1'}:${port ?? '?'}`;
    return code === 'EADDRINUSE'
      ? `port ${port} is already in use (${where}): stop the other process, or choose another port with PORT=${(port ?? 3000) + 1}`
      : `not allowed to listen on ${where}: choose a port above 1023 with PORT=3000`;
  }
  return error.message.split('\n')[0] ?? error.name;
}
