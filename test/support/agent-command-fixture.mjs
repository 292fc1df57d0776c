// A stand-in for a local agent program, run as a real child process by the command agent's tests.
// Usage: node agent-command-fixture.mjs <mode> [pid-file]
import { writeFileSync } from 'node:fs';

const mode = process.argv[2] ?? 'echo';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

switch (mode) {
  case 'echo': {
    const request = await readStdin();
    const lines = [
      `Answer to: ${request.question}`,
      `Requester: ${request.requester}`,
      `Draft: ${request.draftId}`,
    ];
    if (request.context) lines.push(`Context: ${request.context}`);
    if (request.previous)
      lines.push(`Previous: ${request.previous.text}`, `Feedback: ${request.previous.feedback}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    break;
  }
  case 'json': {
    const request = await readStdin();
    process.stdout.write(JSON.stringify({ text: `JSON answer to: ${request.question}`, confidence: 0.4 }));
    break;
  }
  case 'env':
    process.stdout.write(
      JSON.stringify({
        text: `slack=${process.env.SLACK_BOT_TOKEN ?? 'absent'} redis=${process.env.REDIS_URL ?? 'absent'} custom=${process.env.AGENT_SETTING ?? 'absent'}`,
      }),
    );
    break;
  case 'hang':
    // Ignores SIGTERM: only SIGKILL (after the grace period) ends it.
    process.on('SIGTERM', () => undefined);
    if (process.argv[3]) writeFileSync(process.argv[3], String(process.pid));
    process.stdout.write('partial output that must not be used');
    setInterval(() => undefined, 1000);
    break;
  case 'fail':
    process.stderr.write(`HEAD-MARKER ${'x'.repeat(2000)} TAIL-MARKER: model quota exceeded\n`);
    process.exit(3);
    break;
  case 'empty':
    await readStdin();
    process.stdout.write('   \n');
    break;
  case 'malformed':
    await readStdin();
    process.stdout.write('{"text": "unterminated');
    break;
  case 'no-text':
    await readStdin();
    process.stdout.write('{"answer": "wrong field"}');
    break;
  case 'huge':
    process.stdout.write('y'.repeat(300 * 1024));
    break;
  case 'ignore-stdin':
    process.stdout.write('answered without reading the request');
    process.exit(0);
    break;
  default:
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exit(2);
}
